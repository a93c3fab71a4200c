"""Lists 6 and 7: children in need episodes and child protection plans.

Reviews and visits are keyed by their own dates, so a later return that shows a later review
adds an entry rather than rewriting the earlier one.
"""

from __future__ import annotations

from adapters.annex_a.codes import ABUSE_CATEGORIES, CASE_STATUSES, CLOSURE_REASONS, PRIMARY_NEEDS
from adapters.annex_a.row import ListRow
from adapters.annex_a.values import as_bool, as_yes_no, capitalised, ordinal, present
from chronology.dates import FuzzyDate
from chronology.records import EntryRecord
from chronology.vocabulary import ChildSeen, YesNoUnknown

ALONE = {YesNoUnknown.YES: "; child seen alone", YesNoUnknown.NO: "; child not seen alone"}


def child_in_need(row: ListRow, day: FuzzyDate) -> list[EntryRecord]:
    """List 6: the episode's start, when the child was last seen, and its closure."""
    need, need_words = row.in_words("need", PRIMARY_NEEDS)
    _, status = row.in_words("status", CASE_STATUSES)
    seen, closed = row.date("last_seen"), row.date("closed")
    reason, reason_words = row.in_words("reason", CLOSURE_REASONS)
    summary = "Child in need episode started" + (f": {need_words}" if need_words else "")
    attributes = present({"primary_need": need, "case_status": status, **row.allocation()})
    entries = [row.entry("", day, "cin_plan_started", "start", summary, attributes=attributes)]
    if seen is not None:
        entries.append(
            row.entry(
                f"/seen/{seen.isoformat()}",
                seen,
                "home_visit",
                "last_seen",
                "Child seen by children's social care (latest seen, as the return records)",
                child_seen=ChildSeen.YES,
            )
        )
    if closed is not None:
        ended = "Child in need episode closed" + (f": {reason_words}" if reason_words else "")
        entries.append(
            row.entry(
                "/closed",
                closed,
                "case_closed",
                "closed",
                ended,
                outcome=capitalised(reason_words),
                attributes=present({"closure_reason": reason}),
            )
        )
    return entries


def protection_plan(row: ListRow, day: FuzzyDate) -> list[EntryRecord]:
    """List 7: a child protection plan, its latest review and visit, and its end."""
    initial, initial_words = row.in_words("initial_category", ABUSE_CATEGORIES)
    latest, latest_words = row.in_words("latest_category", ABUSE_CATEGORIES)
    previous, epo = row.count("previous_plans"), row.yes_no("epo")
    attributes = {
        "initial_category": initial,
        "latest_category": latest,
        "number_of_previous_plans": previous,
        "epo_or_police_protection_in_last_6_months": as_bool(epo),
    }
    summary = "Child protection plan started" + (f": {initial_words}" if initial_words else "")
    if previous is not None:
        summary += (
            f" ({ordinal(previous + 1)} plan; {previous} previous)" if previous else " (first plan)"
        )
    entries = [
        row.entry(
            "",
            day,
            "cp_plan_started",
            "start",
            summary,
            attributes=present({**attributes, **row.allocation()}),
        )
    ]
    return entries + _plan_events(row, latest_words)


def _plan_events(row: ListRow, latest_words: str | None) -> list[EntryRecord]:
    review, visit, alone, end = (
        row.date("latest_review"),
        row.date("last_visit"),
        row.yes_no("seen_alone"),
        row.date("end"),
    )
    entries = []
    if review is not None:
        category = f" (latest category: {latest_words})" if latest_words else ""
        entries.append(
            row.entry(
                f"/review/{review.isoformat()}",
                review,
                "cp_review_conference",
                "latest_review",
                f"Child protection review conference{category}",
            )
        )
    if visit is not None:
        entries.append(
            row.entry(
                f"/visit/{visit.isoformat()}",
                visit,
                "home_visit",
                "last_visit",
                "Statutory child protection visit" + (ALONE.get(alone, "") if alone else ""),
                child_seen=ChildSeen.YES if alone is YesNoUnknown.YES else None,
                seen_alone=as_yes_no(alone),
            )
        )
    if end is not None:
        entries.append(
            row.entry("/ended", end, "cp_plan_ended", "end", "Child protection plan ended")
        )
    return entries
