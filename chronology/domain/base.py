"""Pydantic foundations for event-sourced aggregates.

`eventsourcing` 9.5.6 has no pydantic module; this is the library's documented
"aggregate 8" pattern (pydantic events with the declarative machinery), adapted
to the released version. Events are immutable pydantic models, so the records
they carry (dates, enums, nested models) round-trip as real types.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import (
    BaseAggregate,
    CanInitAggregate,
    CanMutateAggregate,
    datetime_now_with_tzinfo,
)
from pydantic import BaseModel, ConfigDict, Field


class Immutable(BaseModel):
    """A frozen value object that refuses unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DomainEvent(Immutable):
    """Every stored event: which aggregate, which version, and when it was stored."""

    originator_id: UUID
    originator_version: int
    timestamp: datetime = Field(default_factory=datetime_now_with_tzinfo)

    def _as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)  # a pydantic model keeps exactly its fields here


class Aggregate(BaseAggregate[UUID]):
    """Base of the chronology's aggregates: explicit, versioned event classes."""

    class Event(DomainEvent, CanMutateAggregate[UUID]):
        """An event that changes an existing aggregate."""

    class Created(Event, CanInitAggregate[UUID]):
        """The event that brings an aggregate into being."""

        originator_topic: str
