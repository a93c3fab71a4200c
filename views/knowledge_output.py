"""What an organisation knew as at a date, for the terminal: a JSON document or two tables."""

from __future__ import annotations

from typing import Any

import orjson
from rich.console import Group
from rich.markup import escape
from rich.table import Table

from chronology.knowledge import Briefing


def briefing_document(briefing: Briefing) -> dict[str, Any]:
    refs = briefing.refs
    return {
        "organisation": briefing.organisation,
        "as_at": briefing.on.isoformat(),
        "not_known": [_entry(row) for row in briefing.not_known],
        "known": [
            {
                **_entry(row),
                "known_on": known.day.isoformat(),
                "how": known.how,
                "via": _via(known.via, row.id, refs),
            }
            for row, known in briefing.known
        ],
    }


def as_json(briefing: Briefing) -> str:
    return orjson.dumps(briefing_document(briefing)).decode()


def briefing_tables(briefing: Briefing) -> Group:
    who, on = escape(briefing.organisation), f"{briefing.on:%d/%m/%Y}"
    missing = _table(f"As at {on}, {who} had no sign of knowing of {len(briefing.not_known)}")
    for row in briefing.not_known:
        missing.add_row(*_cells(row))
    known = _table(f"As at {on}, {who} knew of {len(briefing.known)}", "How it knew")
    for row, held in briefing.known:
        known.add_row(*_cells(row), escape(held.describe(briefing.refs)))
    return Group(missing, known)


def _table(title: str, *more: str) -> Table:
    table = Table(title=title, expand=True)
    for column in ("Date", "Recorded by", "What", "Summary", *more):
        table.add_column(column, overflow="fold")
    return table


def _cells(row: Any) -> tuple[str, str, str, str]:
    return (
        f"{row.occurred_day:%d/%m/%Y}",
        f"{escape(row.organisation)} {escape(row.record_ref)}",
        row.event_type.replace("_", " "),
        escape(str(row.summary or "")),
    )


def _entry(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "occurred": row.occurred,
        "organisation": row.organisation,
        "record_ref": row.record_ref,
        "event_type": row.event_type,
        "summary": row.summary,
    }


def _via(via: str | None, entry: str, refs: dict[str, tuple[str, str]]) -> dict[str, str] | None:
    if via is None or via == entry or via not in refs:
        return None
    organisation, ref = refs[via]
    return {"organisation": organisation, "record_ref": ref}
