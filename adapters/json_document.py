"""Tables from a `.json` extract.

The document is `{"extract": {...}, "people": [...], "relationships": [...], "events": [...]}`.

Rows are numbered by their position in their list, starting at 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from adapters.tables import Cell, Table, check_new_sheet, unreadable

EXPECTED = (
    'a JSON object {"extract": {...}, "people": [...], "relationships": [...], "events": [...]}'
)


def json_tables(path: Path) -> dict[str, Table]:
    try:
        document = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as problem:
        raise unreadable(f"the JSON cannot be read ({problem})", "", EXPECTED) from None
    if not isinstance(document, dict):
        raise unreadable("the JSON document is not an object", "", EXPECTED)
    tables: dict[str, Table] = {}
    for name, items in document.items():
        key = str(name).strip().lower()
        check_new_sheet(tables, key, f'"{key}"')
        if key == "extract" and isinstance(items, dict):
            items = [items]
        tables[key] = _table(key, items)
    return tables


def _table(name: str, items: Any) -> Table:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise unreadable(f"'{name[:80]}' is not a list of objects", name[:80], EXPECTED)
    header: list[str] = []
    for item in items:
        header.extend(str(key) for key in item if str(key) not in header)
    rows: list[tuple[int, list[Cell]]] = [
        (number, [item.get(column) for column in header])
        for number, item in enumerate(items, start=1)
    ]
    return Table(name=name, header=header, rows=rows)
