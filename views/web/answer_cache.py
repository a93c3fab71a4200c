"""Answers kept while what they were built from is unchanged: the API's timelines, case pages.

Chairs in a strategy discussion read the same case again and again while nothing new is
imported. An answer is keyed by what it was built from (for a timeline: the case, the
timeline's stored position and the people generation; for a page: the case's stamp), the
query and who may see which entries, so a new import, an amendment, a people decision or a
reviewer's action makes a new key and the old answer is never served. Its ETag lets a
client that has it already get 304 with no body.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

CACHED_ANSWERS = 64
CACHED_BYTES = 64 * 1024 * 1024  # a 2,000-entry case: its timeline 2 MB, its page 3.7 MB


class Kept(Protocol):
    @property
    def size(self) -> int:
        """Bytes held."""
        ...


K = TypeVar("K", bound=Kept)


@dataclass(frozen=True)
class Answer:
    """A body and its ETag."""

    body: bytes
    etag: str

    @property
    def size(self) -> int:
        return len(self.body)


def answer_of(body: bytes) -> Answer:
    return Answer(body, '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"')


class Answers(Generic[K]):
    """A small least-recently-used store of answers, safe across request threads, bounded
    in number and in bytes. An answer is built once however many ask for it at the same
    time: the others wait for it (after an import, fifty chairs' next reads would otherwise
    each build the same page, all at once)."""

    def __init__(self, size: int = CACHED_ANSWERS, most_bytes: int = CACHED_BYTES) -> None:
        self._answers: OrderedDict[Hashable, K] = OrderedDict()
        self._size, self._most_bytes, self._bytes = size, most_bytes, 0
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, build: Callable[[], K]) -> K:
        with self._lock:
            if (found := self._kept(key)) is not None:
                return found
            gate = self._building.setdefault(key, threading.Lock())
        try:
            with gate:  # one build per key at a time; other keys need not wait
                with self._lock:
                    if (found := self._kept(key)) is not None:
                        return found  # built while this one waited
                return self._keep(key, build())
        finally:
            with self._lock:
                if self._building.get(key) is gate:
                    del self._building[key]

    def _kept(self, key: Hashable) -> K | None:
        found = self._answers.get(key)
        if found is not None:
            self._answers.move_to_end(key)
        return found

    def _keep(self, key: Hashable, answer: K) -> K:
        if answer.size > self._most_bytes:
            return answer  # too large to keep at all
        with self._lock:
            if (earlier := self._answers.pop(key, None)) is not None:
                self._bytes -= earlier.size
            self._answers[key] = answer
            self._bytes += answer.size
            while len(self._answers) > self._size or self._bytes > self._most_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= dropped.size
        return answer
