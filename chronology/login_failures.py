"""Failed sign-ins, kept in the store's database so every server process counts them alike.

With several worker processes, a count kept in each one's memory would let a guesser try
five times per process. Rows hold a hash of what was counted (a name or a client address,
neither stored as such) and when; rows older than the window are removed as new ones come.
"""

from __future__ import annotations

import hashlib
from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder

from chronology.projections.sql import SqlBackend, postgres_create

TABLES = [
    "CREATE TABLE IF NOT EXISTS login_failures (counted TEXT NOT NULL, at_ms {bigint} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_failures_counted ON login_failures (counted, at_ms)",
]


def counted(key: str) -> str:
    return hashlib.sha256(b"login failure:" + key.encode()).hexdigest()


class LoginFailures(SqlBackend):
    """Failures per hashed key: recorded, counted within a window, cleared."""

    def record(self, keys: list[str], at_ms: int, forget_before_ms: int) -> None:
        with self.segment() as cursor:
            self.run(cursor, "DELETE FROM login_failures WHERE at_ms <= ?", [forget_before_ms])
            rows = [(counted(key), at_ms) for key in keys]
            self.run_many(cursor, "INSERT INTO login_failures VALUES (?, ?)", rows)

    def since(self, key: str, since_ms: int) -> tuple[int, int | None]:
        """How many failures for `key` after `since_ms`, and when the oldest of them was."""
        with self.reading() as cursor:
            found = self.rows(
                cursor,
                "SELECT COUNT(*) AS n, MIN(at_ms) AS oldest FROM login_failures"
                " WHERE counted = ? AND at_ms > ?",
                [counted(key), since_ms],
            )
        oldest = found[0]["oldest"]
        return int(found[0]["n"]), None if oldest is None else int(oldest)

    def clear(self, key: str) -> None:
        with self.segment() as cursor:
            self.run(cursor, "DELETE FROM login_failures WHERE counted = ?", [counted(key)])


class SQLiteLoginFailures(LoginFailures, SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *map(self.sql, TABLES)]


class PostgresLoginFailures(LoginFailures, PostgresTrackingRecorder):
    placeholder = "%s"
    blob_type = "BYTEA"
    bigint_type = "BIGINT"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.extend(postgres_create(TABLES, self))
