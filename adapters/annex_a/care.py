"""List 8: children in care (looked after), with their legal status, placement and visits.

The entry at the date the child started to be looked after takes its type from the legal
status (a care order or EPO is `care_proceedings`, police protection is `police_protection`).
When the current legal status began later (accommodated under section 20, then an interim
care order), the start is `other` and the legal status gets its own entry at its own date.
"""

from __future__ import annotations

from adapters.annex_a.codes import LEGAL_STATUSES, PRIMARY_NEEDS
from adapters.annex_a.row import ListRow
from adapters.annex_a.values import as_bool, present
from chronology.dates import FuzzyDate
from chronology.records import EntryRecord

LEGAL_EVENT_TYPES = {
    "C1": "care_proceedings",
    "C2": "care_proceedings",
    "L2": "care_proceedings",
    "L1": "police_protection",
}


def looked_after(row: ListRow, day: FuzzyDate) -> list[EntryRecord]:
    """The start of care, the legal status, the placement, the latest review and visit, and
    the end of care."""
    code, words = row.in_words("legal_status", LEGAL_STATUSES)
    since = row.date("legal_start")
    same_day = since is None or since.start == day.start
    kind = LEGAL_EVENT_TYPES.get(code or "", "other") if same_day else "other"
    status = f" ({words})" if words and same_day else ""
    as_sent = f"List 8 {row.header('start')}" + (f" (legal status {code})" if same_day else "")
    start = row.entry(
        "",
        day,
        kind,
        "start",
        f"Started to be looked after{status}",
        event_type_as_sent=as_sent,
        attributes=present({"legal_status": code, **_care_facts(row), **row.allocation()}),
    )
    entries = [start]
    if since is not None and not same_day:
        entries.append(_legal_status(row, since, code, words))
    return entries + _care_events(row)


def _legal_status(
    row: ListRow, since: FuzzyDate, code: str | None, words: str | None
) -> EntryRecord:
    return row.entry(
        f"/legal-status/{since.isoformat()}",
        since,
        LEGAL_EVENT_TYPES.get(code or "", "other"),
        "legal_start",
        f"Legal status now {words}" if words else "Legal status changed",
        event_type_as_sent=f"List 8 {row.header('legal_start')} (legal status {code})",
    )


def _care_facts(row: ListRow) -> dict[str, object]:
    """What the list says about the child's care now: kept with the start of care."""
    need, _ = row.in_words("need", PRIMARY_NEEDS)
    dates = ("iro_contact", "health_assessment", "dental_check")
    return {
        "category_of_need": need,
        "uasc_in_last_12_months": as_bool(row.yes_no("uasc")),
        "second_period_in_12_months": as_bool(row.yes_no("second_period")),
        "placements_in_last_12_months": row.count("placements_12m"),
        "missing_episodes_in_last_12_months": row.count("missing_12m"),
        "absent_episodes_in_last_12_months": row.count("absent_12m"),
        "return_interview_offered": as_bool(row.yes_no("return_offered")),
        "return_interview_accepted": as_bool(row.yes_no("return_accepted")),
        **{f"last_{key}": _iso(row.date(key)) for key in dates},
        **{key: row.text(key) for key in _PLACEMENT},
    }


_PLACEMENT = (
    "permanence",
    "placement_type",
    "placement_provider",
    "placement_location",
    "placement_la",
    "placement_postcode",
    "placement_urn",
)


def _iso(day: FuzzyDate | None) -> str | None:
    return day.isoformat() if day is not None else None


def _care_events(row: ListRow) -> list[EntryRecord]:
    """Dated facts of the child's care, each an entry at its own date."""
    reason, placement = row.text("ceased_reason"), row.text("placement_type")
    events: tuple[tuple[str, str, str, str, str | None], ...] = (
        ("latest_review", "/review/{}", "other", "Looked after child review", None),
        ("last_visit", "/visit/{}", "home_visit", "Social work visit to the child in care", None),
        (
            "placement_start",
            "/placement/{}",
            "other",
            _joined("Moved to placement", placement),
            None,
        ),
        ("ceased", "/ceased", "other", _joined("Ceased to be looked after", reason), reason),
    )
    entries = []
    for key, suffix, kind, summary, outcome in events:
        day = row.date(key)
        if day is not None:
            ref = suffix.format(day.isoformat())
            entries.append(row.entry(ref, day, kind, key, summary, outcome=outcome))
    return entries


def _joined(what: str, detail: str | None) -> str:
    return f"{what} ({detail})" if detail else what
