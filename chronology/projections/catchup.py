"""Catching a read model up from the event log, resumably, without double counting.

SQLite has no subscriptions in `eventsourcing` 9.5, so every read model pulls: it reads
notifications after its tracked position and writes its rows and the new position in
one transaction. It commits only after an event that ends a save (an extract's
`Imported`, or any event saved on its own), so a reader never sees part of an extract.
If another process got there first, the tracking insert is refused, the transaction
rolls back, and this process starts again from the new position.

Read models take the stored JSON of each event (decrypted) rather than rebuilding the
pydantic event: projecting is then several times faster, which the import and rebuild
targets need. The JSON is exactly the event model's `model_dump_json()`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

import orjson
from eventsourcing.application import Application
from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    Notification,
    Tracking,
)
from eventsourcing.utils import get_topic

from chronology.domain.case import Case
from chronology.domain.contribution import Contribution
from chronology.domain.entry import Entry
from chronology.domain.mention import PersonMention
from chronology.domain.relationship import Relationship

log = logging.getLogger(__name__)

# Events that only ever appear inside an import's transaction, before its Extract.Imported.
PART_OF_AN_IMPORT = frozenset(
    get_topic(cls)
    for cls in (
        Case.Opened,
        Contribution.Started,
        Contribution.ExtractApplied,
        Entry.Recorded,
        Entry.Amended,
        Entry.Withdrawn,
        PersonMention.Recorded,
        PersonMention.Amended,
        Relationship.Recorded,
        Relationship.Amended,
    )
)


@dataclass(frozen=True)
class StoredFact:
    """One stored event as a read model sees it: its topic and its JSON state."""

    notification_id: int
    topic: str
    originator_id: UUID
    originator_version: int
    state: dict[str, Any]


class Batch(Protocol):
    def add(self, fact: StoredFact) -> None: ...
    def __len__(self) -> int: ...


class ProjectionView(Protocol):
    """A read model: rows written inside a transaction that also records the position."""

    def max_tracking_id(self, application_name: str) -> int | None: ...
    def segment(self) -> AbstractContextManager[Any]: ...
    def track(self, cursor: Any, tracking: Tracking) -> None: ...


@dataclass
class CatchUp:
    """Pulls new events of `topics` from `app` into a view, a segment (transaction) at a time.

    Rows are written page by page as they are read, so memory stays flat however large an
    extract is; the transaction is committed, with the tracking position, only at a boundary.
    """

    app: Application[Any]
    tracking_name: str
    view: ProjectionView
    new_batch: Callable[[], Batch]
    write: Callable[[Any, Batch], None]
    topics: Sequence[str] = ()
    page_size: int = 2000
    segment_size: int = 20000
    # Where to read stored events from. On SQLite this must not be the application's own
    # connection pool: a segment holds that pool's writer while it reads pages, and the pool
    # makes readers queue behind a waiting writer (an import), which would deadlock.
    source: ApplicationRecorder | None = None
    # One catch-up at a time per process: a segment holds one connection while it reads pages
    # on another, so on PostgreSQL's shared pool concurrent web requests catching up at once
    # took every connection and waited for a second one (all timed out after 30 s).
    _running: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)
    # How far this process has looked and found nothing of `topics` (e.g. only sign-ins and
    # access records). Kept in memory, not written: a read then costs one query, not a
    # write transaction, and the tracked position moves only when the view's rows change.
    _checked: int = field(default=0, init=False, repr=False)

    @property
    def events(self) -> ApplicationRecorder:
        return self.source or self.app.recorder

    def position(self) -> int:
        return max(self.tracked(), self._checked)

    def tracked(self) -> int:
        """The stored position: it moves only when events of `topics` were projected, so it
        also stamps the view's contents (by whichever process projected them)."""
        return self.view.max_tracking_id(self.tracking_name) or 0

    def head(self) -> int:
        """The position of the last event stored (by any process)."""
        return self.events.max_notification_id() or 0

    def is_current(self) -> bool:
        """Whether the view holds everything stored so far."""
        return self.position() >= self.head()

    def checked_to(self, head: int) -> None:
        """Records that nothing of `topics` was stored after this process's position up to
        `head` (found by a look over several read models at once: `freshness.py`)."""
        self._checked = max(self._checked, head)

    def run(
        self, max_attempts: int = 20, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Processes everything stored so far; returns how many events were projected.

        `progress` is told (positions done, positions to do) after each segment.
        """
        with self._running:
            for _ in range(max_attempts):
                try:
                    return self._run_once(progress)
                except IntegrityError:
                    log.info("%s: another process moved the position; resuming", self.tracking_name)
        raise RuntimeError(f"{self.tracking_name}: could not catch up after {max_attempts} tries")

    def _run_once(self, progress: Callable[[int, int], None] | None) -> int:
        start = position = self.position()
        head, done = self.events.max_notification_id() or 0, 0
        if position < head and not self._page(position, head, limit=1):
            self._checked = head  # nothing of ours since: no rows, no transaction
            return 0
        while position < head:
            position, projected = self._segment(position, head)
            done += projected
            if progress:
                progress(position - start, head - start)
        self.checked_to(head)
        return done

    def _segment(self, start: int, head: int) -> tuple[int, int]:
        """One transaction: from `start` to a boundary past `segment_size` events, or to `head`."""
        done = 0
        with self.view.segment() as cursor:
            last = start
            while last < head:
                notifications = self._page(last, head)
                if not notifications:
                    break
                batch = self.new_batch()
                for notification in notifications:
                    fact = self._fact(notification)
                    batch.add(fact)
                    last, done = notification.id, done + 1
                    if done >= self.segment_size and fact.topic not in PART_OF_AN_IMPORT:
                        self.write(cursor, batch)
                        self.view.track(cursor, Tracking(self.tracking_name, last))
                        return last, done
                self.write(cursor, batch)
            self.view.track(cursor, Tracking(self.tracking_name, head))
        return head, done

    def _page(self, after: int, head: int, limit: int = 0) -> Sequence[Notification]:
        return self.events.select_notifications(
            start=after,
            limit=limit or self.page_size,
            stop=head,
            topics=self.topics,
            inclusive_of_start=False,
        )

    def _fact(self, notification: Notification) -> StoredFact:
        state = notification.state
        mapper = self.app.mapper
        if mapper.cipher:
            state = mapper.cipher.decrypt(state)
        if mapper.compressor:
            state = mapper.compressor.decompress(state)
        originator = notification.originator_id
        return StoredFact(
            notification.id,
            notification.topic,
            originator if isinstance(originator, UUID) else UUID(originator),
            notification.originator_version,
            orjson.loads(state),
        )
