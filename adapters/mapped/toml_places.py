"""Places in a mapping file: a key's dotted path (`columns.occurred.formats[0]`) and its line.

Problems in a mapping file are named by the key a data officer would look for, and by the
line it is on, so the mistake is found without reading the whole file. Lines are found by a
light scan of the TOML text: a key not written on a line of its own (inside an inline table)
is placed at the nearest enclosing key that is.
"""

from __future__ import annotations

import re
from typing import Any

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_KEY_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")
_TABLE = re.compile(r"^\s*(\[\[?)(.+?)\]\]?\s*(?:#.*)?$")


def quoted(key: str) -> str:
    """A key as TOML would write it: bare when it can be, else in double quotes."""
    return key if _BARE.fullmatch(key) else '"' + key.replace('"', '\\"') + '"'


def render(loc: tuple[int | str, ...], raw: Any) -> str:
    """The dotted path of a validation error's location, as the file's author wrote it.

    A list index is left out where the author wrote a single table (`[people]`), and
    pydantic's `[key]` marker (a problem with a table key itself) is dropped."""
    path, current = "", raw
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            if isinstance(current, list):
                path, current = f"{path}[{part}]", current[part] if part < len(current) else None
            continue  # a single table given where a list may be: no index to show
        path = f"{path}.{quoted(part)}" if path else quoted(part)
        current = current.get(part) if isinstance(current, dict) else None
    return path


def key_lines(text: str) -> dict[str, int]:
    """The line (1-based) of every key and table header written on a line of its own."""
    lines: dict[str, int] = {}
    table, counts = "", dict[str, int]()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            table = _header_path(header.group(1), header.group(2), counts)
            lines.setdefault(table, number)
            continue
        key = _key_before_equals(line)
        if key:
            lines.setdefault(f"{table}.{key}" if table else key, number)
    return lines


def line_of(path: str, lines: dict[str, int]) -> int | None:
    """The line of the path, or of the nearest enclosing key written on a line."""
    while path:
        if path in lines:
            return lines[path]
        path = _parent(path)
    return None


def _header_path(brackets: str, inside: str, counts: dict[str, int]) -> str:
    parts = _parts(inside)
    path = ".".join(quoted(part) for part in parts or [inside.strip()])
    if brackets == "[[":
        index = counts.get(path, -1) + 1
        counts[path] = index
        return f"{path}[{index}]"
    return _with_latest_index(path, counts)


def _with_latest_index(path: str, counts: dict[str, int]) -> str:
    """`[people.roles]` after `[[people]]` belongs to the latest people table."""
    for array, index in counts.items():
        if path.startswith(array + "."):
            return f"{array}[{index}]{path[len(array) :]}"
    return path


def _key_before_equals(line: str) -> str | None:
    stripped = line.lstrip()
    if not stripped or stripped[0] in "#[" or "=" not in stripped:
        return None
    parts = _parts(stripped.split("=", 1)[0] if stripped[0] not in "\"'" else _quoted_key(stripped))
    return ".".join(quoted(part) for part in parts) if parts else None


def _quoted_key(line: str) -> str:
    """The text before the `=` that follows a quoted key (which may itself hold `=`)."""
    match = re.match(r"""\s*(?:"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*[^=]*)?\s*(?==)""", line)
    return match.group(0) if match else ""


def _parts(dotted: str) -> list[str]:
    """The keys of a dotted key (`a."b c".d` -> a, b c, d); [] if it is not one."""
    parts, position = [], 0
    while True:
        match = _KEY_PART.match(dotted, position)
        if not match:
            return []
        parts.append(next(group for group in match.groups() if group is not None))
        position = match.end()
        if position >= len(dotted.rstrip()):
            return parts
        if dotted[position] != ".":
            return []
        position += 1


def _parent(path: str) -> str:
    """The path one key or index up (dots and brackets inside quoted keys do not count)."""
    cut, inside = 0, False
    for position, char in enumerate(path):
        if char == '"' and path[position - 1 : position] != "\\":
            inside = not inside
        elif char in ".[" and not inside:
            cut = position
    return path[:cut]
