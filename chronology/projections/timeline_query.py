"""The questions a timeline answers: a period, agencies, event types, people, and "as at" a date."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from chronology.vocabulary import Agency, EventType


class TimelineQuery(BaseModel):
    """Filters over one case's merged timeline.

    `as_at` asks what the agencies had recorded by the end of that day (their
    `recorded_on`, else the date it occurred). `held_at` asks what this system held at
    that moment (by import time), including the versions then current.
    """

    model_config = ConfigDict(frozen=True)

    date_from: date | None = None
    date_to: date | None = None
    as_at: date | None = None
    held_at: datetime | None = None
    agencies: tuple[Agency, ...] = ()
    event_types: tuple[EventType, ...] = ()
    people: tuple[UUID, ...] = ()
    include_withdrawn: bool = False
