"""The direct ways an organisation knows of an entry: it recorded it, it was named as told,
it was sent it, or it recorded the same incident itself."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import Any

from chronology.knowledge.model import (
    GENERAL_SHARING_DAYS,
    SAME_INCIDENT_DAYS,
    SIGNIFICANT,
    Knowledge,
    Known,
)
from chronology.knowledge.rows import CaseRows, day_of


def recorded_and_named(knowledge: Knowledge, case: CaseRows, row: Any) -> None:
    day = case.day[row.id]
    knowledge.learn(Known(row.id, row.organisation, day, "recorded", row.id))
    shared_on = day_of(row.shared_on) or day
    for receiver in case.receivers(row.shared_with, row.organisation):
        if receiver != row.organisation:
            knowledge.learn(Known(row.id, receiver, shared_on, "shared_with", row.id))


def information_shared(knowledge: Knowledge, case: CaseRows, row: Any) -> None:
    receivers = [
        receiver
        for receiver in case.receivers(row.shared_with, row.organisation)
        if receiver != row.organisation
    ]
    if not receivers:
        return
    day = day_of(row.shared_on) or case.occurred[row.id]
    for entry in _shared_entries(case, row, day):
        for receiver in receivers:
            knowledge.learn(Known(entry.id, receiver, day, "information_shared", row.id))


def _shared_entries(case: CaseRows, row: Any, day: date) -> list[Any]:
    about = row.attributes.get("about") if isinstance(row.attributes, dict) else None
    if isinstance(about, list) and about:
        named: list[Any] = []
        for ref in (str(item) for item in about):
            candidates = case.by_ref.get(ref, [])
            own = [entry for entry in candidates if entry.organisation == row.organisation]
            named.extend(own or candidates)
        return named
    since = day - timedelta(days=GENERAL_SHARING_DAYS)
    found: dict[str, Any] = {}
    for subject in row.subjects:
        for entry in case.by_owner_subject.get((row.organisation, subject), ()):
            if entry.id != row.id and since <= case.occurred[entry.id] <= day:
                found[entry.id] = entry
    return list(found.values())


def own_entries(knowledge: Knowledge, case: CaseRows) -> None:
    window = timedelta(days=SAME_INCIDENT_DAYS)
    by_type_subject = {
        key: _by_day(rows) for key, rows in case.by_type_subject.items() if key[0] in SIGNIFICANT
    }
    for row in case.rows:
        if row.event_type not in SIGNIFICANT:
            continue
        when = row.occurred_day
        for subject in row.subjects:
            rows, days = by_type_subject[(row.event_type, subject)]
            start, end = bisect_left(days, when - window), bisect_right(days, when + window)
            for other in rows[start:end]:
                if other.organisation != row.organisation:
                    day = case.day[other.id]
                    knowledge.learn(Known(row.id, other.organisation, day, "own_entry", other.id))


def _by_day(rows: list[Any]) -> tuple[list[Any], list[date]]:
    ordered = sorted(rows, key=lambda row: row.occurred_day)
    return ordered, [row.occurred_day for row in ordered]
