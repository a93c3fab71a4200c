"""The composition root: builds the application, its read models and the service from settings."""

from __future__ import annotations

from typing import Any, cast
from uuid import uuid4

from chronology.application import Chronology
from chronology.projections.catchup import CatchUp
from chronology.projections.sql import memory_datastore
from chronology.projections.timeline import TimelineBatch, write
from chronology.projections.timeline_rows import TOPICS
from chronology.projections.timeline_view import PostgresTimelineView, SQLiteTimelineView
from chronology.service import ChronologyService
from chronology.settings import Settings, StoreKind

AnyTimelineView = SQLiteTimelineView | PostgresTimelineView


def open_service(settings: Settings) -> ChronologyService:
    """Everything the command line and web app need, wired once."""
    app = Chronology(env=settings.eventsourcing_env())
    view = _timeline_view(app, settings)
    view.cipher = app.mapper.cipher
    timeline = CatchUp(
        app=app,
        tracking_name=f"{app.name}:timeline",
        view=view,
        new_batch=lambda: TimelineBatch(view),
        write=write,
        topics=TOPICS,
    )
    return ChronologyService(app=app, timeline_view=view, timeline_catch_up=timeline)


def _timeline_view(app: Chronology, settings: Settings) -> AnyTimelineView:
    """The view in the store's own database (beside the events), or in memory."""
    factory: Any = app.factory
    if settings.kind is StoreKind.POSTGRES:
        return cast(PostgresTimelineView, factory.tracking_recorder(PostgresTimelineView))
    if settings.kind is StoreKind.SQLITE:
        return cast(SQLiteTimelineView, factory.tracking_recorder(SQLiteTimelineView))
    view = SQLiteTimelineView(memory_datastore(f"timeline-{uuid4().hex}"))
    view.create_table()
    return view
