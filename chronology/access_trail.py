"""Writing the access trail: every read is saved before it is answered, many in one commit.

Each read of a case saves one `CaseAccess` aggregate, and the read is not answered until
that is stored: a read that is not in the trail must not happen. Under load (a strategy
discussion where everyone opens the case at once) one commit per read makes readers queue
on the store's single writer. So readers that arrive while a commit is under way wait for
it, and the next of them saves all of theirs together in one transaction ("group commit").
Alone, a reader commits at once, as before; nobody waits on a timer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from chronology.domain.access import CaseAccess


@dataclass
class _Waiting:
    access: CaseAccess
    saved: bool = False
    failure: BaseException | None = None


@dataclass
class AccessTrailWriter:
    """Saves access records with `save`, batching those that arrive during a commit."""

    save: Callable[..., object]
    _queue: list[_Waiting] = field(default_factory=list, init=False)
    _queue_lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _writing: threading.Lock = field(default_factory=threading.Lock, init=False)

    def record(self, access: CaseAccess) -> None:
        """Returns once `access` is stored; raises what the store raised if it was not."""
        mine = _Waiting(access)
        with self._queue_lock:
            self._queue.append(mine)
        with self._writing:  # whoever holds this commits everything queued so far
            if not mine.saved and mine.failure is None:
                self._commit_queued()
        if mine.failure is not None:
            raise mine.failure

    def _commit_queued(self) -> None:
        with self._queue_lock:
            batch, self._queue = self._queue, []
        try:
            self.save(*(waiting.access for waiting in batch))
        except BaseException as failure:  # every reader in the batch learns it failed
            for waiting in batch:
                waiting.failure = failure
            return
        for waiting in batch:
            waiting.saved = True
