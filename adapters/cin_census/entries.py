"""One child's census entries: stable record refs, origins and the future-date check.

The same episode comes back in next year's census, so a record ref must name the thing, not
the file: the child, the episode's referral date, the kind of element and its start date,
e.g. `NS1001234/2024-11-04/cp-plan/2024-11-26`. What ends or reviews a plan hangs under it
(`.../cp-plan/2024-11-26/end`), so a corrected end date amends the entry instead of adding a
second one. Only where two identical refs would arise does the later get a count (`#2`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from adapters.cin_census.dated import Dated
from chronology.dates import FuzzyDate
from chronology.problems import Problem, warning
from chronology.records import EntryRecord
from chronology.vocabulary import EventType


@dataclass
class ChildEntries:
    """Collects one child's entries, giving each a ref no other entry of the extract has."""

    child_id: str
    today: date
    problems: list[Problem]
    entries: list[EntryRecord] = field(default_factory=list)
    refs: Counter[str] = field(default_factory=Counter)
    groups: Counter[str] = field(default_factory=Counter)

    def group(self, ref: str) -> str:
        """The ref of an episode or plan, under which its entries' refs are made."""
        return _counted(self.groups, ref)

    def add(
        self,
        ref: str,
        event_type: str,
        dated: Dated,
        summary: str,
        **more: Any,
    ) -> None:
        """Adds an entry about the child; a date after today is a warning, as in any extract."""
        self.entries.append(
            EntryRecord(
                origin=dated.origin,
                record_ref=_counted(self.refs, ref),
                occurred=FuzzyDate(start=dated.day),
                event_type=EventType(event_type),
                subjects=(self.child_id,),
                summary=summary[:500],
                **more,
            )
        )
        if dated.day > self.today:
            self._future(dated)

    def _future(self, dated: Dated) -> None:
        self.problems.append(
            warning(
                "the entry is dated in the future",
                sheet=dated.sheet,
                row=dated.line,
                column=dated.tag,
                value=FuzzyDate(start=dated.day).uk(),
                expected="a date on or before today",
            )
        )


def _counted(seen: Counter[str], ref: str) -> str:
    """`ref`, or `ref#n` when n-1 identical refs came before it."""
    seen[ref] += 1
    return ref if seen[ref] == 1 else f"{ref}#{seen[ref]}"


def uk(day: date) -> str:
    """A date as a UK reader writes it, for summaries: 04/11/2024."""
    return f"{day:%d/%m/%Y}"
