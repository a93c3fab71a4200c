"""The access trail's writer: each read stored before it returns; concurrent reads share commits."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

import pytest

from chronology.access_trail import AccessTrailWriter
from chronology.domain.access import CaseAccess, Via


def _access(n: int) -> CaseAccess:
    return CaseAccess.record(uuid4(), "CASE-1", f"reader {n}", "timeline", Via.API)


class SlowStore:
    """Stores aggregates after a pause, as a busy disk would; counts its commits."""

    def __init__(self, fail: bool = False) -> None:
        self.commits: list[tuple[CaseAccess, ...]] = []
        self.fail = fail
        self.lock = threading.Lock()

    def save(self, *accesses: CaseAccess) -> None:
        time.sleep(0.02)
        if self.fail:
            raise OSError("disk full")
        with self.lock:
            self.commits.append(accesses)


def test_a_reader_alone_is_stored_in_its_own_commit() -> None:
    store = SlowStore()
    AccessTrailWriter(store.save).record(_access(1))
    assert [len(commit) for commit in store.commits] == [1]


def test_readers_arriving_together_are_all_stored_in_fewer_commits() -> None:
    store = SlowStore()
    writer = AccessTrailWriter(store.save)
    accesses = [_access(n) for n in range(40)]
    with ThreadPoolExecutor(max_workers=40) as pool:
        list(pool.map(writer.record, accesses))
    stored = [access for commit in store.commits for access in commit]
    assert sorted(a.account for a in stored) == sorted(a.account for a in accesses)
    assert len(store.commits) < 20


def test_when_the_store_fails_every_reader_in_the_commit_is_refused() -> None:
    writer = AccessTrailWriter(SlowStore(fail=True).save)
    failures: list[BaseException] = []

    def read(n: int) -> None:
        try:
            writer.record(_access(n))
        except OSError as failure:
            failures.append(failure)

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(read, range(10)))
    assert len(failures) == 10


def test_a_failed_commit_does_not_stop_later_reads() -> None:
    store = SlowStore(fail=True)
    writer = AccessTrailWriter(store.save)
    with pytest.raises(OSError, match="disk full"):
        writer.record(_access(1))
    store.fail = False
    writer.record(_access(2))
    assert [commit[0].account for commit in store.commits] == ["reader 2"]
