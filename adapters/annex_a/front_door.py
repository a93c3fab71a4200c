"""Lists 1 to 3, the front door: contacts, early help assessments and referrals.

Each row is one contact, assessment or referral for one child; the source is given in words
("Referral from police") with its code kept in the attributes.
"""

from __future__ import annotations

from adapters.annex_a.codes import SOURCES
from adapters.annex_a.row import ListRow
from adapters.annex_a.values import as_bool, ordinal, present
from chronology.dates import FuzzyDate
from chronology.records import EntryRecord
from chronology.vocabulary import YesNoUnknown

REFERRAL_OUTCOMES = {YesNoUnknown.YES: "No further action", YesNoUnknown.NO: "Further action"}


def contact(row: ListRow, day: FuzzyDate) -> list[EntryRecord]:
    """List 1: a contact received, from a source."""
    code, words = row.in_words("source", SOURCES)
    summary = f"Contact from {words}" if words else "Contact received"
    attributes = present({"contact_source": code})
    return [row.entry("", day, "contact_received", "contact_date", summary, attributes=attributes)]


def early_help(row: ListRow, day: FuzzyDate) -> list[EntryRecord]:
    """List 2: an early help assessment started and, when done, completed."""
    organisation = row.text("organisation")
    by = f" by {organisation}" if organisation else ""
    done = row.date("completed")
    attributes = present({"organisation": organisation})
    entries = [
        row.entry(
            "",
            day,
            "early_help_started",
            "start",
            f"Early help assessment started{by}",
            attributes=attributes,
        )
    ]
    if done is not None:
        entries.append(
            row.entry(
                "/completed",
                done,
                "assessment_completed",
                "completed",
                f"Early help assessment completed{by}",
                attributes={"early_help": True, **attributes},
            )
        )
    return entries


def referral(row: ListRow, day: FuzzyDate) -> list[EntryRecord]:
    """List 3: a referral, its source, whether it ended in no further action, and how many
    referrals the child had in the 12 months."""
    code, words = row.in_words("source", SOURCES)
    nfa, in_year = row.yes_no("nfa"), row.count("referrals_12m")
    summary = f"Referral from {words}" if words else "Referral received"
    if in_year:
        summary += f" ({ordinal(in_year)} in 12 months)"
    attributes = present(
        {
            "referral_source": code,
            "nfa": as_bool(nfa),
            "referrals_in_last_12_months": in_year,
            **row.allocation(),
        }
    )
    outcome = REFERRAL_OUTCOMES.get(nfa) if nfa else None
    return [
        row.entry(
            "", day, "referral", "referral_date", summary, outcome=outcome, attributes=attributes
        )
    ]
