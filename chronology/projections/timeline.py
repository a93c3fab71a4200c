"""The timeline projection: a case's merged timeline, from entry, mention and extract events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chronology.projections.catchup import StoredFact
from chronology.projections.timeline_rows import TimelineChanges, collect
from chronology.projections.timeline_view import TimelineView


@dataclass
class TimelineBatch:
    """The rows a run of events implies, ready to write in one transaction."""

    view: TimelineView
    changes: TimelineChanges = field(default_factory=TimelineChanges)
    count: int = 0

    def add(self, fact: StoredFact) -> None:
        collect(self.changes, fact, self.view.seal)
        self.count += 1

    def __len__(self) -> int:
        return self.count


def write(cursor: Any, batch: Any) -> None:
    assert isinstance(batch, TimelineBatch)
    batch.view.write(cursor, batch.changes)
