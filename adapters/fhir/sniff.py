"""Recognising a FHIR Bundle cheaply: the top-level object's resourceType, from the first 64 KiB.

The prefix of a large file is not whole JSON, so it is scanned token by token, keeping track
of depth, until the top-level "resourceType" is found. Nothing here raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

SNIFF_BYTES = 64 * 1024
BOM = b"\xef\xbb\xbf"
_TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+)')


def recognises(path: Path) -> bool:
    """True if the file is JSON whose top-level object has "resourceType": "Bundle"."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except (OSError, ValueError):
        return False
    text = head.removeprefix(BOM).decode("utf-8", errors="ignore")
    return _top_level_resource_type(text) == "Bundle"


def _tokens(text: str) -> Iterator[str]:
    position = 0
    while (match := _TOKEN.match(text, position)) is not None:
        position = match.end()
        yield match.group(1)


def _top_level_resource_type(text: str) -> str | None:
    tokens = _tokens(text)
    if next(tokens, None) != "{":
        return None
    depth, previous, key = 1, "{", ""
    for token in tokens:
        if depth == 1 and previous == ":" and key == '"resourceType"':
            return _string(token)
        if token in ("{", "["):
            depth += 1
        elif token in ("}", "]"):
            depth -= 1
        elif depth == 1 and previous in ("{", ",") and token.startswith('"'):
            key = token
        previous = token
        if depth == 0:
            return None
    return None


def _string(token: str) -> str | None:
    try:
        value = json.loads(token)
    except ValueError:
        return None
    return value if isinstance(value, str) else None
