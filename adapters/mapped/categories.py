"""An agency's category words as our event types, through the mapping's `[event_type.words]`.

A cell may list several categories (`Safeguarding; Attendance`): the first the table knows
gives the event type and the others are kept in `attributes.other_categories`. A cell with
no known word is kept as `other`, with a warning naming the word and the line to add.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.mapped.sections import EventTypeSection
from adapters.mapped.toml_places import quoted
from chronology.vocabulary import EventType


@dataclass(frozen=True)
class Categorised:
    """The event type, the words as sent, the other categories, and an unknown word (if the
    type fell back to `other` because the table did not know it)."""

    event_type: EventType
    as_sent: str | None = None
    others: tuple[str, ...] = ()
    unknown: str | None = None


def categorise(cell: str | None, section: EventTypeSection) -> Categorised | None:
    """The event type of a category cell; None when the cell is blank."""
    if section.code is not None:
        return Categorised(EventType(section.code))
    words = [word.strip() for word in (cell or "").split(section.separator) if word.strip()]
    if not words:
        return None
    for position, word in enumerate(words):
        code = section.code_for(word)
        if code is not None:
            others = tuple(words[:position] + words[position + 1 :])
            return Categorised(EventType(code), cell, others)
    return Categorised(EventType("other"), cell, tuple(words[1:]), words[0])


def line_to_add(word: str) -> str:
    """The mapping line that would teach the table a word, for the warning's `expected`."""
    return f'{quoted(word[:60])} = "<event type code>" under [event_type.words]'
