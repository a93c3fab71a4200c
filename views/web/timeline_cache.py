"""The API's timeline answers, kept while the timeline they were built from is unchanged.

Chairs in a strategy discussion read the same case again and again while nothing new is
imported. An answer is keyed by what it was built from (the case, the timeline's stored
position, the people generation), the query and who may see which entries, so a new
import, an amendment or a people decision makes a new key and the old answer is never
served. Its ETag lets a client that has it already get 304 with no body.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

CACHED_ANSWERS = 64


@dataclass(frozen=True)
class Answer:
    body: bytes
    etag: str


class TimelineAnswers:
    """A small least-recently-used store of JSON bodies, safe across request threads."""

    def __init__(self, size: int = CACHED_ANSWERS) -> None:
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], bytes]) -> Answer:
        with self._lock:
            if (found := self._answers.get(key)) is not None:
                self._answers.move_to_end(key)
                return found
        answer = _answer(build())  # built outside the lock: other cases need not wait
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)
        return answer


def _answer(body: bytes) -> Answer:
    return Answer(body, '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"')
