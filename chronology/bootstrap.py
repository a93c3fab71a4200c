"""The composition root: builds the application, its read models and the service from settings."""

from __future__ import annotations

from uuid import uuid4

from chronology.application import Chronology
from chronology.projections.catchup import CatchUp
from chronology.projections.sql import memory_datastore
from chronology.projections.timeline import TimelineBatch, flush
from chronology.projections.timeline_rows import TOPICS
from chronology.projections.timeline_view import (
    PostgresTimelineView,
    SQLiteTimelineView,
    TimelineView,
)
from chronology.service import ChronologyService
from chronology.settings import Settings, StoreKind


def open_service(settings: Settings) -> ChronologyService:
    """Everything the command line and web app need, wired once."""
    app = Chronology(env=settings.eventsourcing_env())
    view = _timeline_view(app, settings)
    view.cipher = app.mapper.cipher
    timeline = CatchUp(app=app, tracking_name=f"{app.name}:timeline", view=view,
                       new_batch=lambda: TimelineBatch(view), flush=flush, topics=TOPICS)
    return ChronologyService(app=app, timeline_view=view, timeline_catch_up=timeline)


def _timeline_view(app: Chronology, settings: Settings) -> TimelineView:
    if settings.kind is StoreKind.POSTGRES:
        return app.factory.tracking_recorder(PostgresTimelineView)  # type: ignore[no-any-return]
    if settings.kind is StoreKind.SQLITE:
        return app.factory.tracking_recorder(SQLiteTimelineView)  # type: ignore[no-any-return]
    view = SQLiteTimelineView(memory_datastore(f"timeline-{uuid4().hex}"))
    view.create_table()
    return view
