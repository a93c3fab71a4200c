"""The timeline's entries as light rows, indexed for the questions the projection asks."""

from __future__ import annotations

from collections import defaultdict, namedtuple
from datetime import date
from typing import Any

import pandas as pd

from chronology.knowledge.model import SIGNIFICANT


class CaseRows:
    """The timeline's rows, indexed for the questions the projection asks."""

    def __init__(self, timeline: pd.DataFrame) -> None:
        self.rows: list[Any] = entry_rows(timeline)
        self.occurred = {row.id: row.occurred_day for row in self.rows}
        self.day = {row.id: day_of(row.known_from) or row.occurred_day for row in self.rows}
        self.significant = {row.id for row in self.rows if row.event_type in SIGNIFICANT}
        self.by_ref: dict[str, list[Any]] = defaultdict(list)
        self.by_owner_subject: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self.by_type_subject: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self.significant_by_subject: dict[str, set[str]] = defaultdict(set)
        for row in self.rows:
            self.by_ref[row.record_ref].append(row)
            for subject in row.subjects:
                self.by_owner_subject[(row.organisation, subject)].append(row)
                self.by_type_subject[(row.event_type, subject)].append(row)
                if row.id in self.significant:
                    self.significant_by_subject[subject].add(row.id)
        self.agencies: dict[str, tuple[str, str]] = {
            row.organisation: (row.agency, row.area) for row in self.rows
        }

    def receivers(self, names: Any, sharer: str) -> list[str]:
        """The organisations a `shared_with` (or `attended`) list names."""
        if not isinstance(names, list | tuple):
            return []
        found: dict[str, None] = {}
        for name in names:
            for organisation in self._resolve(str(name).strip(), sharer):
                found[organisation] = None
        return list(found)

    def _resolve(self, name: str, sharer: str) -> list[str]:
        if not name:
            return []
        folded = name.casefold()
        for organisation in self.agencies:
            if organisation.casefold() == folded:
                return [organisation]
        same_agency = [
            organisation
            for organisation, (agency, _) in self.agencies.items()
            if agency.casefold() == folded
        ]
        area = self.agencies.get(sharer, ("", ""))[1]
        local = [
            organisation for organisation in same_agency if self.agencies[organisation][1] == area
        ]
        return local or same_agency or [name]


ROW_COLUMNS = (
    "id",
    "occurred",
    "organisation",
    "agency",
    "area",
    "event_type",
    "summary",
    "subjects",
    "shared_with",
    "shared_on",
    "record_ref",
    "attributes",
    "known_from",
    "attended",
)
EntryRow = namedtuple("EntryRow", [*ROW_COLUMNS, "occurred_day"])  # type: ignore[misc]


def entry_rows(timeline: pd.DataFrame) -> list[Any]:
    """The timeline's rows as light tuples (columns read whole, not cell by cell), each with
    the day it occurred as a `date`."""
    if timeline.empty:
        return []
    columns = [timeline[name].tolist() for name in ROW_COLUMNS]
    days = timeline["occurred_from"].to_numpy().astype("datetime64[D]").tolist()
    return [EntryRow(*values) for values in zip(*columns, days, strict=True)]


def day_of(value: Any) -> date | None:
    """The day of an ISO date or date-time string; None for missing values."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
