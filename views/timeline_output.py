"""The merged timeline for the terminal: a table, JSON (CONTRACT.md shape) or formula-safe CSV."""

from __future__ import annotations

from typing import Any

import orjson
from rich.markup import escape
from rich.table import Table

from chronology.dates import parse_date
from views.safe_text import csv_text

CONTRACT_ORDER = [
    "id",
    "occurred",
    "precision",
    "uncertain",
    "recorded_on",
    "organisation",
    "agency",
    "area",
    "event_type",
    "summary",
    "subjects",
    "source",
    "shared_with",
    "status",
    "version",
]
CSV_COLUMNS = [
    "occurred",
    "precision",
    "uncertain",
    "recorded_on",
    "organisation",
    "agency",
    "area",
    "event_type",
    "summary",
    "subjects",
    "record_ref",
    "shared_with",
    "status",
    "version",
    "id",
]


def contract_shape(entry: dict[str, Any]) -> dict[str, Any]:
    """The contract's fields first, in its order, then everything else the entry holds."""
    subjects = [{"id": s["id"], "name": s["name"]} for s in entry["subjects"]]
    ordered = {key: entry.get(key) for key in CONTRACT_ORDER}
    ordered["subjects"] = subjects
    ordered["source"] = {
        key: entry["source"][key] for key in ("organisation", "record_ref", "extract", "row")
    }
    extra = {k: v for k, v in entry.items() if k not in ordered and k != "subjects"}
    extra["sheet"] = entry["source"].get("sheet")
    return {**ordered, **extra}


def as_json(entries: list[dict[str, Any]]) -> str:
    return as_json_bytes(entries).decode()


def as_json_bytes(entries: list[dict[str, Any]]) -> bytes:
    return orjson.dumps([contract_shape(entry) for entry in entries])


def as_csv(entries: list[dict[str, Any]]) -> str:
    rows = [
        [
            *(entry.get(column) for column in CSV_COLUMNS[:9]),
            "; ".join(subject["name"] for subject in entry["subjects"]),
            entry["source"]["record_ref"],
            "; ".join(entry["shared_with"]),
            entry["status"],
            entry["version"],
            entry["id"],
        ]
        for entry in entries
    ]
    return csv_text(CSV_COLUMNS, rows)


def uk_date(value: str | None, uncertain: bool = False) -> str:
    if not value:
        return ""
    text = parse_date(value[:16].replace("T", " ")).uk()
    return f"?{text}" if uncertain and not text.startswith("?") else text


def as_table(entries: list[dict[str, Any]], title: str) -> Table:
    """A readable table; agency text is escaped so it can never be read as markup."""
    table = Table(title=escape(title), show_lines=False, expand=True)
    table.add_column("Date", no_wrap=True, min_width=10)
    for name, ratio in (
        ("Organisation", 2),
        ("Event", 2),
        ("What happened", 5),
        ("About", 2),
        ("Shared with", 2),
    ):
        table.add_column(name, ratio=ratio, overflow="fold")
    for entry in entries:
        version = f" (v{entry['version']})" if entry["version"] > 1 else ""
        status = " [withdrawn]" if entry["status"] == "withdrawn" else ""
        table.add_row(
            uk_date(entry["occurred"], entry["uncertain"]),
            escape(entry["organisation"]),
            escape(entry["event_type"].replace("_", " ")),
            escape(entry["summary"]) + escape(version + status),
            escape(", ".join(subject["name"] for subject in entry["subjects"])),
            escape(", ".join(entry["shared_with"])),
        )
    return table
