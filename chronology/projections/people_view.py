"""The people read model: each case's person mentions, relationships and match decisions.

Matching and the family graph are recomputed from these (a case is small enough to resolve
on each read); only the inputs are projected, each kept at its latest version. Records are
sealed like the timeline's documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import get_topic

from chronology.domain.match_decision import MatchDecision
from chronology.domain.mention import PersonMention
from chronology.domain.relationship import Relationship
from chronology.projections.catchup import StoredFact
from chronology.projections.sql import postgres_create
from chronology.projections.timeline_view import Sealing

MENTIONS = frozenset(get_topic(c) for c in (PersonMention.Recorded, PersonMention.Amended))
RELATIONSHIPS = frozenset(get_topic(c) for c in (Relationship.Recorded, Relationship.Amended))
DECISIONS = frozenset(
    get_topic(c) for c in (MatchDecision.Made, MatchDecision.Changed, MatchDecision.Undone)
)
TOPICS = (*sorted(MENTIONS), *sorted(RELATIONSHIPS), *sorted(DECISIONS))
KINDS = ("mention", "relationship", "decision")

TABLES = [
    "CREATE TABLE IF NOT EXISTS people_facts (fact_id TEXT PRIMARY KEY, case_id TEXT NOT NULL,"
    " kind TEXT NOT NULL, version INTEGER NOT NULL, doc {blob} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS people_facts_case ON people_facts (case_id, kind)",
    # Bumped whenever a case's facts change; a resolution is current when it was computed
    # from the latest generation (so a change arriving mid-computation is never lost).
    "CREATE TABLE IF NOT EXISTS people_generation (case_id TEXT PRIMARY KEY,"
    " generation INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS people_resolved (case_id TEXT PRIMARY KEY,"
    " generation INTEGER NOT NULL, doc {blob} NOT NULL)",
]
BUMP = (
    "INSERT INTO people_generation VALUES (?, 1) ON CONFLICT (case_id) DO UPDATE SET"
    " generation = people_generation.generation + 1"
)
STORE_RESOLVED = (
    "INSERT INTO people_resolved VALUES (?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET"
    " generation = excluded.generation, doc = excluded.doc"
    " WHERE people_resolved.generation < excluded.generation"
)
UPSERT = (
    "INSERT INTO people_facts VALUES (?, ?, ?, ?, ?) ON CONFLICT (fact_id) DO UPDATE SET"
    " version = excluded.version, doc = excluded.doc WHERE people_facts.version < excluded.version"
)


@dataclass
class PeopleBatch:
    view: PeopleView
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    count: int = 0

    def add(self, fact: StoredFact) -> None:
        self.count += 1
        kind = _kind(fact.topic)
        if kind is None:
            return
        self.rows.append(
            (
                fact.originator_id.hex,
                UUID(fact.state["case_id"]).hex,
                kind,
                fact.originator_version,
                self.view.seal(_document(kind, fact)),
            )
        )

    def __len__(self) -> int:
        return self.count


def write(cursor: Any, batch: Any) -> None:
    assert isinstance(batch, PeopleBatch)
    batch.view.run_many(cursor, UPSERT, batch.rows)
    batch.view.run_many(cursor, BUMP, [(case,) for case in sorted({row[1] for row in batch.rows})])


def _kind(topic: str) -> str | None:
    if topic in MENTIONS:
        return "mention"
    if topic in RELATIONSHIPS:
        return "relationship"
    return "decision" if topic in DECISIONS else None


def _document(kind: str, fact: StoredFact) -> dict[str, Any]:
    state = fact.state
    if kind != "decision":
        return {"record": state["record"], "provenance": state["provenance"]}
    return {
        "judgement": state.get("judgement"),
        "by": state["by"],
        "reason": state["reason"],
        "at": state["timestamp"],
        "left": state["left"],
        "right": state["right"],
    }


class PeopleView(Sealing):
    """Reads a case's facts back, by kind, latest version of each."""

    def facts(self, case_id: str) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        with self.reading() as cursor:
            rows = self.rows(
                cursor,
                "SELECT fact_id, kind, doc FROM people_facts WHERE case_id = ? ORDER BY fact_id",
                [case_id],
            )
        found: dict[str, list[tuple[str, dict[str, Any]]]] = {kind: [] for kind in KINDS}
        for row in rows:
            found[str(row["kind"])].append((str(row["fact_id"]), self.unseal(row["doc"])))
        return found

    def generation(self, case_id: str) -> int:
        with self.reading() as cursor:
            rows = self.rows(
                cursor, "SELECT generation FROM people_generation WHERE case_id = ?", [case_id]
            )
        return int(rows[0]["generation"]) if rows else 0

    def resolved(self, case_id: str) -> tuple[int, dict[str, Any]] | None:
        """The stored resolution of a case and the generation it was computed from."""
        with self.reading() as cursor:
            rows = self.rows(
                cursor, "SELECT generation, doc FROM people_resolved WHERE case_id = ?", [case_id]
            )
        return (int(rows[0]["generation"]), self.unseal(rows[0]["doc"])) if rows else None

    def store_resolved(self, case_id: str, generation: int, document: dict[str, Any]) -> None:
        with self._transaction(commit=True) as cursor:
            self.run(cursor, STORE_RESOLVED, [case_id, generation, self.seal(document)])


class SQLitePeopleView(PeopleView, SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *map(self.sql, TABLES)]


class PostgresPeopleView(PeopleView, PostgresTrackingRecorder):
    placeholder = "%s"
    blob_type = "BYTEA"
    bigint_type = "BIGINT"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.extend(postgres_create(TABLES, self))
