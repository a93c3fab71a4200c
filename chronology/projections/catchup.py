"""Catching a read model up from the event log, resumably, without double counting.

SQLite has no subscriptions in `eventsourcing` 9.5, so every read model pulls: it reads
notifications after its tracked position and writes its rows and the new position in
one transaction. It commits only after an event that ends a save (an extract's
`Imported`, or any event saved on its own), so a reader never sees part of an extract.
If another process got there first, the tracking insert is refused, the transaction
rolls back, and this process starts again from the new position.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking

from chronology.domain.case import Case
from chronology.domain.contribution import Contribution
from chronology.domain.entry import Entry
from chronology.domain.mention import PersonMention
from chronology.domain.relationship import Relationship

log = logging.getLogger(__name__)

# Events that only ever appear inside an import's transaction, before its Extract.Imported.
PART_OF_AN_IMPORT: tuple[type[Any], ...] = (
    Case.Event, Contribution.Event, Entry.Event, PersonMention.Event, Relationship.Event,
)


class Batch(Protocol):
    def add(self, event: object) -> None: ...
    def __len__(self) -> int: ...


class ProjectionView(Protocol):
    def max_tracking_id(self, application_name: str) -> int | None: ...


@dataclass
class CatchUp:
    """Pulls new events from `app` into a view through `new_batch` / `flush`."""

    app: Application[Any]
    tracking_name: str
    view: ProjectionView
    new_batch: Callable[[], Batch]
    flush: Callable[[Batch, Tracking], None]
    page_size: int = 2000
    batch_size: int = 5000

    def position(self) -> int:
        return self.view.max_tracking_id(self.tracking_name) or 0

    def is_current(self) -> bool:
        return self.position() >= (self.app.recorder.max_notification_id() or 0)

    def run(self, max_attempts: int = 20) -> int:
        """Processes everything stored so far; returns how many events were projected."""
        total = 0
        for _ in range(max_attempts):
            try:
                return total + self._run_once()
            except IntegrityError:
                log.info("%s: another process moved the position; resuming", self.tracking_name)
        raise RuntimeError(f"{self.tracking_name}: could not catch up after {max_attempts} tries")

    def _run_once(self) -> int:
        position = self.position()
        head = self.app.recorder.max_notification_id() or 0
        batch, last, done = self.new_batch(), position, 0
        while last < head:
            notifications = self.app.recorder.select_notifications(
                start=last, limit=self.page_size, stop=head, inclusive_of_start=False)
            if not notifications:
                break
            for notification in notifications:
                event = self.app.mapper.to_domain_event(notification)
                batch.add(event)
                last, done = notification.id, done + 1
                if len(batch) >= self.batch_size and not isinstance(event, PART_OF_AN_IMPORT):
                    self.flush(batch, Tracking(self.tracking_name, last))
                    batch = self.new_batch()
        if len(batch) or last > position:
            self.flush(batch, Tracking(self.tracking_name, last))
        return done
