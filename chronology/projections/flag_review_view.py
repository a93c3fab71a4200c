"""The flag review read model: every reviewer action on a case's flags, one row per event.

Why a projection rather than reading the `FlagReview` aggregates by id: the ids of the
current flags would find their reviews, but not the reviews of flags that no longer appear
(their ids cannot be derived from today's evidence), and those must still be shown. The
notification log, caught up like the timeline and people read models, gives every review
of a case with one indexed query, on every store, and survives restarts.

Rows are append-only (an action is never changed), so projecting twice is harmless; the
texts, names and times are sealed like the other read models' documents. The flag id stays
readable: it is a uuid5 hash, as the other ids are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import get_topic

from chronology.domain.flag_review import FlagReview
from chronology.projections.catchup import StoredFact
from chronology.projections.sql import postgres_create
from chronology.projections.timeline_view import Sealing

# The stored event's class, the read model's name for the action, and its text field.
ACTIONS = {
    get_topic(FlagReview.NoteAdded): ("note", "text"),
    get_topic(FlagReview.MarkedReviewed): ("reviewed", "note"),
    get_topic(FlagReview.Dismissed): ("dismissed", "reason"),
    get_topic(FlagReview.Reopened): ("reopened", "reason"),
}
TOPICS = tuple(sorted(ACTIONS))

TABLES = [
    "CREATE TABLE IF NOT EXISTS flag_review_actions (review_id TEXT NOT NULL,"
    " version INTEGER NOT NULL, case_id TEXT NOT NULL, flag_id TEXT NOT NULL,"
    " doc {blob} NOT NULL, PRIMARY KEY (review_id, version))",
    "CREATE INDEX IF NOT EXISTS flag_review_actions_case ON flag_review_actions (case_id)",
]
INSERT = "INSERT INTO flag_review_actions VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"


@dataclass
class FlagReviewBatch:
    view: FlagReviewView
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def add(self, fact: StoredFact) -> None:
        action, text_field = ACTIONS[fact.topic]
        state = fact.state
        document = {
            "action": action,
            "text": state[text_field],
            "by": state["by"],
            "at": state["timestamp"],
        }
        self.rows.append(
            (
                fact.originator_id.hex,
                fact.originator_version,
                UUID(state["case_id"]).hex,
                state["flag_id"],
                self.view.seal(document),
            )
        )

    def __len__(self) -> int:
        return len(self.rows)


def write(cursor: Any, batch: Any) -> None:
    assert isinstance(batch, FlagReviewBatch)
    batch.view.run_many(cursor, INSERT, batch.rows)


class FlagReviewView(Sealing):
    """Reads a case's review actions back, grouped by flag id, oldest first."""

    def actions(self, case_id: str) -> dict[str, list[dict[str, Any]]]:
        with self.reading() as cursor:
            rows = self.rows(
                cursor,
                "SELECT flag_id, doc FROM flag_review_actions WHERE case_id = ?"
                " ORDER BY flag_id, version",
                [case_id],
            )
        found: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            found.setdefault(str(row["flag_id"]), []).append(self.unseal(row["doc"]))
        return found


class SQLiteFlagReviewView(FlagReviewView, SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *map(self.sql, TABLES)]


class PostgresFlagReviewView(FlagReviewView, PostgresTrackingRecorder):
    placeholder = "%s"
    blob_type = "BYTEA"
    bigint_type = "BIGINT"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.extend(postgres_create(TABLES, self))
