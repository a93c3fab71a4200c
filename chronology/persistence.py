"""How events are written: pydantic models as JSON (orjson), optionally compressed and encrypted.

Adapted from the `eventsourcing` documentation's pydantic/orjson example for 9.5.6. The
cipher encrypts the event state only; ids, versions and topics stay plain, so no personal
data may ever go into an aggregate id or an event class name.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast
from uuid import UUID

import orjson
from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel


class OrjsonTranscoder(Transcoder):
    """Bytes from JSON-ready Python values, and back."""

    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


class PydanticMapper(Mapper[UUID]):
    """Maps pydantic domain events to stored events (transcode, compress, encrypt)."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        model = cast(BaseModel, domain_event)
        state = self.transcoder.encode(model.model_dump(mode="json"))
        if self.compressor:
            state = self.compressor.compress(state)
        if self.cipher:
            state = self.cipher.encrypt(state)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=state,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        state = stored_event.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        event_class = resolve_topic(stored_event.topic)
        return cast(DomainEventProtocol[UUID], event_class(**self.transcoder.decode(state)))


class PydanticApplication(Application[UUID]):
    """An application whose events are pydantic models stored as orjson."""

    env: ClassVar[dict[str, str]] = {
        "TRANSCODER_TOPIC": get_topic(OrjsonTranscoder),
        "MAPPER_TOPIC": get_topic(PydanticMapper),
    }
