"""Lists 4 and 5: social care assessments and section 47 enquiries.

A section 47 enquiry starts at the strategy discussion that began it; no `strategy_discussion`
entry is made, because Annex A does not say who took part.
"""

from __future__ import annotations

from adapters.annex_a.row import ListRow
from adapters.annex_a.values import as_bool, as_child_seen, ordinal, present
from chronology.dates import FuzzyDate
from chronology.records import EntryRecord
from chronology.vocabulary import YesNoUnknown

SUPPORT_OUTCOMES = {
    YesNoUnknown.YES: "Requires children's social care support",
    YesNoUnknown.NO: "Does not require children's social care support",
    YesNoUnknown.UNKNOWN: "Not known whether children's social care support is required",
}
CONFERENCE_OUTCOMES = {
    YesNoUnknown.YES: "Child protection plan",
    YesNoUnknown.NO: "No child protection plan",
}
SEEN = {YesNoUnknown.YES: "child seen", YesNoUnknown.NO: "child not seen"}


def assessment(row: ListRow, day: FuzzyDate) -> list[EntryRecord]:
    """List 4: an assessment started and, once authorised, completed with its outcome."""
    seen, support, done = row.yes_no("seen"), row.yes_no("support"), row.date("authorised")
    started = present({"child_seen_so_far": seen.value if seen and done is None else None})
    entries = [
        row.entry(
            "",
            day,
            "assessment_started",
            "start",
            "Social care assessment started",
            attributes={**started, **row.allocation()},
        )
    ]
    if done is not None:
        how = f" ({SEEN[seen]})" if seen in SEEN else ""
        entries.append(
            row.entry(
                "/authorised",
                done,
                "assessment_completed",
                "authorised",
                f"Social care assessment authorised{how}",
                child_seen=as_child_seen(seen),
                outcome=SUPPORT_OUTCOMES.get(support) if support else None,
            )
        )
    return entries


def section47(row: ListRow, day: FuzzyDate) -> list[EntryRecord]:
    """List 5: a section 47 enquiry and, where one was held, the initial conference."""
    unnecessary, conference = row.yes_no("icpc_unnecessary"), row.date("icpc_date")
    plan, in_year = row.yes_no("icpc_plan"), row.count("s47_12m")
    summary = f"Section 47 enquiry started at a strategy discussion on {day.uk()}"
    if in_year:
        summary += f" ({ordinal(in_year)} in 12 months)"
    attributes = {
        "section47_in_last_12_months": in_year,
        "icpcs_in_last_12_months": row.count("icpc_12m"),
        "icpc_deemed_unnecessary": as_bool(unnecessary),
    }
    skipped = unnecessary is YesNoUnknown.YES
    entries = [
        row.entry(
            "",
            day,
            "section47_started",
            "start",
            summary,
            outcome="Initial child protection conference deemed unnecessary" if skipped else None,
            attributes=present({**attributes, **row.allocation()}),
        )
    ]
    if conference is not None:
        entries.append(
            row.entry(
                "/icpc",
                conference,
                "initial_cp_conference",
                "icpc_date",
                "Initial child protection conference",
                outcome=CONFERENCE_OUTCOMES.get(plan) if plan else None,
                attributes=present({"resulted_in_plan": as_bool(plan)}),
            )
        )
    return entries
