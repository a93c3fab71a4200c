"""One place for what differs between the SQLite and PostgreSQL read models.

Views write their rows and the library's tracking record in one transaction, so a view
never counts an event twice or misses one, whichever process is catching up.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg.sql import SQL, Composed


class Cursor(Protocol):
    def execute(self, *args: Any, **kwargs: Any) -> Any: ...
    def executemany(self, *args: Any, **kwargs: Any) -> Any: ...
    def fetchall(self) -> Any: ...


class SqlBackend:
    """Runs statements written with `?` placeholders and a `{blob}` type on either database."""

    placeholder = "?"
    blob_type = "BLOB"
    bigint_type = "INTEGER"

    def sql(self, statement: str) -> str:
        text = statement.replace("{blob}", self.blob_type).replace("{bigint}", self.bigint_type)
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    @contextmanager
    def segment(self) -> Iterator[Cursor]:
        """A write transaction; it must record its tracking position (`track`) before it ends."""
        with self._transaction(commit=True) as cursor:
            yield cursor

    def track(self, cursor: Cursor, tracking: Tracking) -> None:
        """Moves the position forward; refused (IntegrityError, rolling back) if already there."""
        self._track(cursor, tracking)

    @contextmanager
    def reading(self) -> Iterator[Cursor]:
        with self._transaction(commit=False) as cursor:
            yield cursor

    def rows(
        self, cursor: Cursor, statement: str, params: Sequence[Any] = ()
    ) -> list[dict[str, Any]]:
        cursor.execute(self.sql(statement), tuple(params))
        return [dict(row) for row in cursor.fetchall()]

    def run(self, cursor: Cursor, statement: str, params: Sequence[Any] = ()) -> None:
        cursor.execute(self.sql(statement), tuple(params))

    def run_many(self, cursor: Cursor, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            cursor.executemany(self.sql(statement), rows)

    # Provided by the tracking recorder the view is mixed into.
    def _transaction(self, *, commit: bool) -> Any:
        return getattr(self, "datastore").transaction(commit=commit)  # noqa: B009

    def _track(self, cursor: Cursor, tracking: Tracking) -> None:
        getattr(self, "_insert_tracking")(cursor, tracking)  # noqa: B009


def postgres_create(statements: list[str], backend: SqlBackend) -> list[Composed]:
    """A view's tables as the PostgreSQL recorder's create statements."""
    return [Composed([SQL(backend.sql(statement))]) for statement in statements]


def memory_datastore(name: str) -> SQLiteDatastore:
    """A private in-memory SQLite database, for views beside the in-memory event store."""
    return SQLiteDatastore(f"file:{name}?mode=memory&cache=shared")


def sqlite_create(recorder: SQLiteTrackingRecorder, statements: list[str]) -> list[str]:
    return [*SQLiteTrackingRecorder.construct_create_table_statements(recorder), *statements]
