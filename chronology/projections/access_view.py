"""The access read model: the trail of reads of each case, one row per `AccessRecorded`.

Reads are single-event aggregates with random ids (see chronology/domain/access.py), so a
case's trail can only be found through the notification log; this view keeps it as rows
indexed by case, in the order they were stored. Who, what, how and when are sealed like
the other read models' documents; the case id is a uuid5 hash, as everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import get_topic

from chronology.domain.access import CaseAccess
from chronology.projections.catchup import StoredFact
from chronology.projections.sql import postgres_create
from chronology.projections.timeline_view import Sealing

TOPICS = (get_topic(CaseAccess.AccessRecorded),)

TABLES = [
    "CREATE TABLE IF NOT EXISTS case_access (access_id TEXT PRIMARY KEY,"
    " position {bigint} NOT NULL, case_id TEXT NOT NULL, doc {blob} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS case_access_case ON case_access (case_id, position)",
]
INSERT = "INSERT INTO case_access VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"


@dataclass
class AccessBatch:
    view: AccessView
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def add(self, fact: StoredFact) -> None:
        state = fact.state
        document = {
            "account": state["account"],
            "what": state["what"],
            "via": state["via"],
            "at": state["timestamp"],
        }
        case_id = UUID(state["case_id"]).hex
        self.rows.append(
            (fact.originator_id.hex, fact.notification_id, case_id, self.view.seal(document))
        )

    def __len__(self) -> int:
        return len(self.rows)


def write(cursor: Any, batch: Any) -> None:
    assert isinstance(batch, AccessBatch)
    batch.view.run_many(cursor, INSERT, batch.rows)


class AccessView(Sealing):
    """Reads a case's access trail back, oldest first."""

    def trail(self, case_id: str) -> list[dict[str, Any]]:
        with self.reading() as cursor:
            rows = self.rows(
                cursor,
                "SELECT doc FROM case_access WHERE case_id = ? ORDER BY position",
                [case_id],
            )
        return [self.unseal(row["doc"]) for row in rows]


class SQLiteAccessView(AccessView, SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *map(self.sql, TABLES)]


class PostgresAccessView(AccessView, PostgresTrackingRecorder):
    placeholder = "%s"
    blob_type = "BYTEA"
    bigint_type = "BIGINT"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.extend(postgres_create(TABLES, self))
