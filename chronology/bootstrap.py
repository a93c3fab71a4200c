"""The composition root: builds the application, its read models and the service from settings."""

from __future__ import annotations

from typing import Any, cast
from uuid import uuid4

from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

from chronology.accounts import AccountService
from chronology.application import Chronology
from chronology.held_uploads import PostgresHeldUploads, SQLiteHeldUploads
from chronology.login_failures import PostgresLoginFailures, SQLiteLoginFailures
from chronology.projections.access_view import TOPICS as ACCESS_TOPICS
from chronology.projections.access_view import (
    AccessBatch,
    PostgresAccessView,
    SQLiteAccessView,
)
from chronology.projections.access_view import write as write_access
from chronology.projections.catchup import CatchUp
from chronology.projections.flag_review_view import TOPICS as FLAG_REVIEW_TOPICS
from chronology.projections.flag_review_view import (
    FlagReviewBatch,
    PostgresFlagReviewView,
    SQLiteFlagReviewView,
)
from chronology.projections.flag_review_view import write as write_flag_reviews
from chronology.projections.people_view import (
    TOPICS as PEOPLE_TOPICS,
)
from chronology.projections.people_view import (
    PeopleBatch,
    PostgresPeopleView,
    SQLitePeopleView,
)
from chronology.projections.people_view import (
    write as write_people,
)
from chronology.projections.sql import memory_datastore
from chronology.projections.timeline import TimelineBatch, write
from chronology.projections.timeline_rows import TOPICS
from chronology.projections.timeline_view import PostgresTimelineView, SQLiteTimelineView
from chronology.service import ChronologyService
from chronology.settings import Settings, StoreKind

AnyTimelineView = SQLiteTimelineView | PostgresTimelineView
AnyPeopleView = SQLitePeopleView | PostgresPeopleView
AnyFlagReviewView = SQLiteFlagReviewView | PostgresFlagReviewView
AnyAccessView = SQLiteAccessView | PostgresAccessView


def open_service(settings: Settings) -> ChronologyService:
    """Everything the command line and web app need, wired once."""
    app = Chronology(env=settings.eventsourcing_env())
    view = _timeline_view(app, settings)
    view.cipher = app.mapper.cipher
    source = _event_source(settings)
    timeline = CatchUp(
        app=app,
        tracking_name=f"{app.name}:timeline",
        view=view,
        new_batch=lambda: TimelineBatch(view),
        write=write,
        topics=TOPICS,
        source=source,
    )
    people_view = _people_view(app, settings, view)
    people_view.cipher = app.mapper.cipher
    people = CatchUp(
        app=app,
        tracking_name=f"{app.name}:people",
        view=people_view,
        new_batch=lambda: PeopleBatch(people_view),
        write=write_people,
        topics=PEOPLE_TOPICS,
        source=source,
    )
    reviews_view = _flag_review_view(app, settings, view)
    reviews_view.cipher = app.mapper.cipher
    reviews = CatchUp(
        app=app,
        tracking_name=f"{app.name}:flag-reviews",
        view=reviews_view,
        new_batch=lambda: FlagReviewBatch(reviews_view),
        write=write_flag_reviews,
        topics=FLAG_REVIEW_TOPICS,
        source=source,
    )
    return ChronologyService(
        app=app,
        timeline_view=view,
        timeline_catch_up=timeline,
        people_view=people_view,
        people_catch_up=people,
        flag_review_view=reviews_view,
        flag_review_catch_up=reviews,
        accounts=_accounts(app, settings, view, source),
        held_uploads=_beside(app, settings, view, SQLiteHeldUploads, PostgresHeldUploads),
        login_failures=_beside(app, settings, view, SQLiteLoginFailures, PostgresLoginFailures),
    )


def _accounts(
    app: Chronology,
    settings: Settings,
    beside: AnyTimelineView,
    source: SQLiteApplicationRecorder | None,
) -> AccountService:
    """Accounts on the same application; the access read model beside the timeline."""
    factory: Any = app.factory
    view: AnyAccessView
    if settings.kind is StoreKind.POSTGRES:
        view = cast(PostgresAccessView, factory.tracking_recorder(PostgresAccessView))
    else:
        view = SQLiteAccessView(cast(SQLiteTimelineView, beside).datastore)
        view.create_table()
    view.cipher = app.mapper.cipher
    catch_up = CatchUp(
        app=app,
        tracking_name=f"{app.name}:access",
        view=view,
        new_batch=lambda: AccessBatch(view),
        write=write_access,
        topics=ACCESS_TOPICS,
        source=source,
    )
    return AccountService(app=app, access_view=view, access_catch_up=catch_up)


def _event_source(settings: Settings) -> SQLiteApplicationRecorder | None:
    """For SQLite, a reader of the event log on a connection pool of its own (see CatchUp)."""
    if settings.kind is not StoreKind.SQLITE:
        return None
    return SQLiteApplicationRecorder(SQLiteDatastore(str(settings.store), lock_timeout=120))


def _people_view(app: Chronology, settings: Settings, beside: AnyTimelineView) -> AnyPeopleView:
    """Beside the timeline: in the same database (or the same in-memory one)."""
    factory: Any = app.factory
    if settings.kind is StoreKind.POSTGRES:
        return cast(PostgresPeopleView, factory.tracking_recorder(PostgresPeopleView))
    view = SQLitePeopleView(cast(SQLiteTimelineView, beside).datastore)
    view.create_table()
    return view


def _beside(
    app: Chronology, settings: Settings, view: AnyTimelineView, on_sqlite: Any, on_postgres: Any
) -> Any:
    """A table beside the timeline, so every server process over the store shares it."""
    factory: Any = app.factory
    if settings.kind is StoreKind.POSTGRES:
        return factory.tracking_recorder(on_postgres)
    table = on_sqlite(cast(SQLiteTimelineView, view).datastore)
    table.create_table()
    return table


def _flag_review_view(
    app: Chronology, settings: Settings, beside: AnyTimelineView
) -> AnyFlagReviewView:
    """Beside the timeline, as the people view is."""
    factory: Any = app.factory
    if settings.kind is StoreKind.POSTGRES:
        return cast(PostgresFlagReviewView, factory.tracking_recorder(PostgresFlagReviewView))
    view = SQLiteFlagReviewView(cast(SQLiteTimelineView, beside).datastore)
    view.create_table()
    return view


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
