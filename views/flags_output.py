"""Flags for the terminal: the RULES.md fields as JSON, or a table grouped by severity."""

from __future__ import annotations

from typing import Any

import orjson
from rich.markup import escape
from rich.table import Table

from chronology.rules.flag import Flag


def flag_documents(flags: list[Flag]) -> list[dict[str, Any]]:
    documents = []
    for flag in flags:
        document = flag.model_dump(mode="json")
        window = document.pop("window")
        document["window"] = (
            None if window is None else {"from": window["from_date"], "to": window["to_date"]}
        )
        documents.append(document)
    return documents


def as_json(flags: list[Flag]) -> str:
    return orjson.dumps(flag_documents(flags)).decode()


def flags_table(flags: list[Flag], title: str) -> Table:
    table = Table(title=escape(title), expand=True, show_lines=True)
    for column in ("Severity", "Flag", "Why", "Evidence"):
        table.add_column(column, overflow="fold")
    for flag in flags:
        evidence = "\n".join(
            f"{escape(item.organisation)} {escape(item.record_ref)} ({escape(item.occurred[:10])})"
            for item in flag.evidence
        )
        table.add_row(
            flag.severity.upper(),
            f"{escape(flag.title)}\n[dim]{flag.rule}[/dim]",
            escape(flag.explanation) + f"\n[dim]Learning: {escape(flag.learning)}[/dim]",
            evidence,
        )
    return table
