"""One CINdetails element (a referral episode) as the child's dated entries.

The referral opens the episode and names who referred; the closure ends it with its reason.
Between them come the assessments, child in need plans, section 47 enquiries, conferences
and child protection plans, each read by its own module.
"""

from __future__ import annotations

from typing import Any

from adapters.cin_census.assessments import read_assessment, read_cin_plan
from adapters.cin_census.codes import PRIMARY_NEEDS, REASONS_FOR_CLOSURE, REFERRAL_SOURCES, describe
from adapters.cin_census.dated import Dated
from adapters.cin_census.entries import ChildEntries
from adapters.cin_census.fields import Fields
from adapters.cin_census.protection import Conferences, read_protection_plan, read_section47
from adapters.cin_census.xml_tree import Element


def read_episode(details: Element, child: ChildEntries) -> None:
    """Every dated entry of one episode; nothing when its referral date cannot be read."""
    fields = Fields(details, child.problems)
    referral = fields.dated("CINreferralDate", required=True)
    if referral is None:
        return
    episode = child.group(f"{child.child_id}/{referral.day.isoformat()}")
    _referral(fields, child, episode, referral)
    for element in details.all("Assessments"):
        read_assessment(element, child, episode)
    for element in details.all("CINPlanDates"):
        read_cin_plan(element, child, episode)
    conferences = Conferences()
    conferences.note(fields.dated("DateOfInitialCPC"))
    for element in details.all("Section47"):
        read_section47(element, child, episode, conferences)
    conferences.add_to(child, episode)
    for element in details.all("ChildProtectionPlans"):
        read_protection_plan(element, child, episode)
    _closure(fields, child, episode, referral)


def _referral(fields: Fields, child: ChildEntries, episode: str, referral: Dated) -> None:
    source = fields.code("ReferralSource", REFERRAL_SOURCES)
    need = fields.code("PrimaryNeedCode", PRIMARY_NEEDS)
    no_further_action = fields.flag("ReferralNFA")
    said_by = describe(REFERRAL_SOURCES, source) if source else None
    summary = f"Referral received from {said_by}" if said_by else "Referral received"
    if need:
        summary += f"; primary need: {describe(PRIMARY_NEEDS, need)}"
    if no_further_action:
        summary += "; no further action after the referral"
    attributes: dict[str, Any] = {
        "referral_source": source,
        "primary_need": need,
        "referral_nfa": no_further_action,
    }
    child.add(
        f"{episode}/referral",
        "referral",
        referral,
        summary,
        source=said_by[0].upper() + said_by[1:] if said_by else None,
        attributes={key: value for key, value in attributes.items() if value is not None},
    )


def _closure(fields: Fields, child: ChildEntries, episode: str, referral: Dated) -> None:
    closed = fields.dated("CINclosureDate")
    reason = fields.code("ReasonForClosure", REASONS_FOR_CLOSURE)
    fields.in_order(referral, closed)
    if closed is None:
        return
    outcome = describe(REASONS_FOR_CLOSURE, reason) if reason else None
    child.add(
        f"{episode}/closure",
        "case_closed",
        closed,
        f"Case closed; reason for closure: {outcome[0].lower()}{outcome[1:]}"
        if outcome
        else "Case closed",
        outcome=outcome,
        attributes={"reason_for_closure": reason} if reason else {},
    )
