"""What one organisation knew, as at a day ("health visiting had not been told of...")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from chronology.errors import OrganisationNotFound
from chronology.knowledge.model import SIGNIFICANT, Knowledge, Known


@dataclass(frozen=True)
class Briefing:
    """What one organisation knew, as at a day, of the significant entries in a case."""

    organisation: str
    on: date
    known: list[tuple[Any, Known]]
    not_known: list[Any]
    refs: dict[str, tuple[str, str]]


def briefing(knowledge: Knowledge, organisation: str, on: date) -> Briefing:
    """The significant entries other organisations recorded by `on`, split by whether
    `organisation` knew of them by then (the chair's "health visiting had not been told of...")."""
    known: list[tuple[Any, Known]] = []
    not_known: list[Any] = []
    for row in knowledge.rows:
        if row.event_type not in SIGNIFICANT or row.organisation == organisation:
            continue
        if row.occurred_day > on:
            continue
        held = knowledge.first_known(row.id, organisation)
        if held is not None and held.day <= on:
            known.append((row, held))
        else:
            not_known.append(row)
    return Briefing(organisation, on, known, not_known, knowledge.refs)


def organisation_named(timeline: pd.DataFrame, name: str) -> str:
    """The case's organisation called `name` (any case), or the only one with that agency code."""
    organisations = sorted(set(timeline["organisation"])) if not timeline.empty else []
    folded = name.strip().casefold()
    for organisation in organisations:
        if organisation.casefold() == folded:
            return str(organisation)
    by_code = sorted(set(timeline.loc[timeline["agency"] == folded, "organisation"]))
    if len(by_code) == 1:
        return str(by_code[0])
    choices = "; ".join(organisations) or "none"
    raise OrganisationNotFound(
        f"no single organisation in this case is called {name.strip()!r}; give one of: {choices}"
    )
