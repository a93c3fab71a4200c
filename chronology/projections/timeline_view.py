"""The timeline read model: every version of every entry, indexed by case, read by case.

Personal content is kept in one sealed document per row (encrypted with the store's cipher
when a key is set); only what filtering and ordering need is left in plain columns, and
none of it is personal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import orjson
from eventsourcing.persistence import Cipher
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder

from chronology.projections.sql import SqlBackend, postgres_create
from chronology.projections.timeline_query import TimelineQuery
from chronology.projections.timeline_rows import TimelineChanges

TABLES = [
    "CREATE TABLE IF NOT EXISTS timeline_cases (case_id TEXT PRIMARY KEY, case_ref TEXT NOT NULL,"
    " opened_at TEXT NOT NULL)",
    "CREATE UNIQUE INDEX IF NOT EXISTS timeline_cases_ref ON timeline_cases (case_ref)",
    "CREATE TABLE IF NOT EXISTS timeline_extracts (extract_id TEXT PRIMARY KEY,"
    " case_id TEXT NOT NULL,"
    " organisation TEXT NOT NULL, agency TEXT NOT NULL, area TEXT, imported_at TEXT NOT NULL,"
    " doc {blob} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS timeline_extracts_case ON timeline_extracts (case_id, imported_at)",
    "CREATE TABLE IF NOT EXISTS timeline_mentions (mention_id TEXT PRIMARY KEY,"
    " case_id TEXT NOT NULL,"
    " organisation TEXT NOT NULL, version INTEGER NOT NULL, doc {blob} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS timeline_mentions_case ON timeline_mentions (case_id)",
    "CREATE TABLE IF NOT EXISTS timeline_versions (entry_id TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " case_id TEXT NOT NULL, organisation TEXT NOT NULL, agency TEXT NOT NULL,"
    " event_type TEXT NOT NULL, status TEXT NOT NULL, sort_key TEXT NOT NULL,"
    " occurred_from TEXT NOT NULL, occurred_to TEXT NOT NULL, known_from TEXT NOT NULL,"
    " org_order INTEGER NOT NULL, held_from TEXT NOT NULL, held_to TEXT, subjects TEXT NOT NULL,"
    " doc {blob} NOT NULL,"
    " PRIMARY KEY (entry_id, version))",
    "CREATE INDEX IF NOT EXISTS timeline_current ON timeline_versions"
    " (case_id, sort_key, organisation, org_order) WHERE held_to IS NULL",
    "CREATE INDEX IF NOT EXISTS timeline_history ON timeline_versions (case_id, held_from)",
]

UPSERT_MENTION = (
    "INSERT INTO timeline_mentions VALUES (?, ?, ?, ?, ?) ON CONFLICT (mention_id) DO UPDATE SET"
    " version = excluded.version, doc = excluded.doc"
    " WHERE timeline_mentions.version < excluded.version"
)


class Sealing(SqlBackend):
    """Documents stored whole, encrypted with the store's cipher when a key is set."""

    cipher: Cipher | None = None

    def seal(self, document: dict[str, Any]) -> bytes:
        data = orjson.dumps(document)
        return self.cipher.encrypt(data) if self.cipher else data

    def unseal(self, data: bytes | memoryview) -> dict[str, Any]:
        raw = bytes(data)
        result: dict[str, Any] = orjson.loads(self.cipher.decrypt(raw) if self.cipher else raw)
        return result


class TimelineView(Sealing):
    """Writes a batch of events' rows with their tracking position; answers timeline queries."""

    def write(self, cursor: Any, changes: TimelineChanges) -> None:
        """Writes a page of rows inside the current segment's transaction."""
        self.run_many(
            cursor,
            "INSERT INTO timeline_cases VALUES (?, ?, ?) ON CONFLICT (case_id) DO NOTHING",
            changes.cases,
        )
        self.run_many(
            cursor,
            "INSERT INTO timeline_extracts VALUES (?, ?, ?, ?, ?, ?, ?)",
            changes.extracts,
        )
        self.run_many(cursor, UPSERT_MENTION, changes.mentions)
        self.run_many(
            cursor,
            "INSERT INTO timeline_versions"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
            changes.versions,
        )
        self.run_many(
            cursor,
            "UPDATE timeline_versions SET held_to = ? WHERE entry_id = ? AND version = ?",
            changes.closed,
        )

    def case_id_of(self, case_ref: str) -> str | None:
        with self.reading() as cursor:
            found = self.rows(
                cursor, "SELECT case_id FROM timeline_cases WHERE case_ref = ?", [case_ref]
            )
        return str(found[0]["case_id"]) if found else None

    def case_refs(self) -> list[str]:
        with self.reading() as cursor:
            rows = self.rows(cursor, "SELECT case_ref FROM timeline_cases ORDER BY case_ref")
        return [str(row["case_ref"]) for row in rows]

    def entries(
        self, case_id: str, query: TimelineQuery, people: dict[str, list[str]] | None = None
    ) -> list[dict[str, Any]]:
        """The case's entries matching the query, in timeline order, with subjects' names.

        `people` (mention hex id -> [person id, name]) shows each subject as the person they
        were matched to; without it, as the organisation's own mention.
        """
        where, params = _conditions(case_id, query)
        statement = (
            # Only fixed clauses are joined here; every value is a bound parameter.
            f"SELECT v.doc FROM timeline_versions v WHERE {' AND '.join(where)}"  # noqa: S608
            " ORDER BY v.sort_key, v.organisation, v.org_order, v.entry_id"
        )
        with self.reading() as cursor:
            docs = [self.unseal(row["doc"]) for row in self.rows(cursor, statement, params)]
            names = self._names(cursor, case_id)
        return [_with_subjects(document, names, people or {}) for document in docs]

    def extracts(self, case_id: str) -> list[dict[str, Any]]:
        with self.reading() as cursor:
            rows = self.rows(
                cursor,
                "SELECT * FROM timeline_extracts WHERE case_id = ? ORDER BY imported_at",
                [case_id],
            )
        return [
            {**{k: v for k, v in row.items() if k != "doc"}, **self.unseal(row["doc"])}
            for row in rows
        ]

    def _names(self, cursor: Any, case_id: str) -> dict[str, str]:
        rows = self.rows(
            cursor, "SELECT mention_id, doc FROM timeline_mentions WHERE case_id = ?", [case_id]
        )
        return {str(row["mention_id"]): str(self.unseal(row["doc"])["name"]) for row in rows}


def _conditions(case_id: str, query: TimelineQuery) -> tuple[list[str], list[Any]]:
    where, params = ["v.case_id = ?"], [case_id]
    if query.held_at is not None:
        moment = query.held_at.astimezone(UTC).isoformat(timespec="microseconds")
        where += ["v.held_from <= ?", "(v.held_to IS NULL OR v.held_to > ?)"]
        params += [moment, moment]
    else:
        where.append("v.held_to IS NULL")
    if not query.include_withdrawn:
        where.append("v.status = 'active'")
    _add_range(where, params, query.date_from, "v.occurred_to >= ?")
    _add_range(where, params, query.date_to, "v.occurred_from <= ?")
    _add_range(where, params, query.as_at, "v.known_from <= ?")
    _add_in(where, params, "v.agency", [str(agency) for agency in query.agencies])
    _add_in(where, params, "v.event_type", [str(code) for code in query.event_types])
    if query.people:  # subjects holds the entry's mention ids (hex), space-separated
        where.append("(" + " OR ".join("v.subjects LIKE ?" for _ in query.people) + ")")
        params += [f"%{person.hex}%" for person in query.people]
    return where, params


def _add_range(
    where: list[str], params: list[Any], value: date | datetime | None, clause: str
) -> None:
    if value is not None:
        where.append(clause)
        params.append(value.isoformat())


def _add_in(where: list[str], params: list[Any], column: str, values: Sequence[str]) -> None:
    if values:
        where.append(f"{column} IN ({', '.join('?' * len(values))})")
        params.extend(values)


def _with_subjects(
    document: dict[str, Any], names: dict[str, str], people: dict[str, list[str]]
) -> dict[str, Any]:
    subjects = []
    for ref, mention in document.pop("subject_refs"):
        key = mention.replace("-", "")
        recorded_as = names.get(key, ref)
        person, name = people.get(key, (mention, recorded_as))
        subjects.append(
            {
                "id": person,
                "name": name,
                "recorded_as": recorded_as,
                "mention_id": mention,
                "person_ref": ref,
            }
        )
    document["subjects"] = subjects
    return document


class SQLiteTimelineView(TimelineView, SQLiteTrackingRecorder):
    """The timeline in the same SQLite file as the events (or beside the in-memory store)."""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *map(self.sql, TABLES)]


class PostgresTimelineView(TimelineView, PostgresTrackingRecorder):
    """The timeline in the same PostgreSQL database as the events."""

    placeholder = "%s"
    blob_type = "BYTEA"
    bigint_type = "BIGINT"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.extend(postgres_create(TABLES, self))
