"""Templates joining several columns into one text: `"{Occurrence Type}: {Officer Narrative}"`.

A placeholder names a column in braces; `{{` and `}}` stand for braces themselves. Blank
placeholders leave no stray separators at either end of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_SEPARATORS = " \t\r\n:;,-–|"


def template_columns(template: str) -> list[str]:
    """The columns a template such as `{Occurrence Type}: {Officer Narrative}` names."""
    return [name for literal, name in template_pieces(template) if name is not None]


@lru_cache(maxsize=256)  # a mapping has a few templates, each filled on every row
def template_pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """Literal text and column names in order; `{{` and `}}` are literal braces."""
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        pieces.append((template[position : match.start()], None))
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            pieces.append((token[0], None))
        elif match.group(1) is None or not match.group(1).strip():
            raise ValueError(
                "the template has a lone or empty brace; expected {Column name} "
                "placeholders, and {{ or }} for a brace itself"
            )
        else:
            pieces.append(("", match.group(1).strip()))
    pieces.append((template[position:], None))
    return tuple(piece for piece in pieces if piece != ("", None))


def fill(template: str, value_of: Callable[[str], str]) -> str:
    """The template with each placeholder's column value; separators left dangling at either
    end by a blank value are trimmed (`"{Type}: {Notes}"` with no notes gives `"Arrest"`)."""
    parts = [
        literal if name is None else value_of(name) for literal, name in template_pieces(template)
    ]
    return "".join(parts).strip(_SEPARATORS)
