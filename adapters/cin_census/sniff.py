"""Whether a file looks like a CIN census XML message, from its first 64 KiB alone.

Cheap and forgiving: the file is not parsed (a 64 KiB prefix is rarely well-formed); its root
must be `Message` and it must say it is the CIN collection, or show the `Child` and
`LAchildID` elements only the CIN census has. Never raises.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

SNIFF_BYTES = 64 * 1024

_NAME = r"(?:[\w.-]+:)?"
_PROLOG = re.compile(
    r"\A\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<" + _NAME + r"Message[\s>/]",
    re.DOTALL,
)
_CIN_COLLECTION = re.compile(r"<" + _NAME + r"Collection\s*>\s*CIN\s*</", re.IGNORECASE)
_CHILD = re.compile(r"<" + _NAME + r"Child[\s>]")
_LA_CHILD_ID = re.compile(r"<" + _NAME + r"LAchildID[\s>]")


def recognises(path: Path) -> bool:
    """True if the file starts like a CIN census message."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except (OSError, ValueError):  # ValueError: a path with a NUL byte
        return False
    text = _decoded(head)
    if not _PROLOG.match(text):
        return False
    return bool(_CIN_COLLECTION.search(text) or (_CHILD.search(text) and _LA_CHILD_ID.search(text)))


def _decoded(head: bytes) -> str:
    """The prefix as text: UTF-16 when it says so by its byte-order mark, else UTF-8 leniently."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    return head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
