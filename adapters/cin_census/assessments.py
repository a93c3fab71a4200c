"""An episode's assessments and child in need plans as entries.

An assessment gives `assessment_started` and, once authorised, `assessment_completed` with
the factors identified at assessment: the only risk signals the census carries (3B: a parent
subject to domestic abuse, 4B: a parent's mental health...). Each code is kept with its words.
"""

from __future__ import annotations

from typing import Any

from adapters.cin_census.codes import ASSESSMENT_FACTORS, describe
from adapters.cin_census.entries import ChildEntries, uk
from adapters.cin_census.fields import Fields
from adapters.cin_census.xml_tree import Element


def read_assessment(element: Element, child: ChildEntries, episode: str) -> None:
    """`assessment_started`, and `assessment_completed` when the assessment was authorised."""
    fields = Fields(element, child.problems)
    start = fields.dated("AssessmentActualStartDate", required=True)
    if start is None:
        return
    ref = child.group(f"{episode}/assessment/{start.day.isoformat()}")
    review = fields.dated("AssessmentInternalReviewDate")
    authorised = fields.dated("AssessmentAuthorisationDate")
    fields.in_order(start, authorised)
    factors = _factors(element, child)
    started: dict[str, Any] = {"internal_review_date": review.day.isoformat()} if review else {}
    if authorised is None:
        started |= _factor_attributes(factors) if factors else {}
    child.add(ref, "assessment_started", start, "Assessment started", attributes=started)
    if authorised is not None:
        child.add(
            f"{ref}/authorised",
            "assessment_completed",
            authorised,
            f"Assessment completed and authorised (it started {uk(start.day)}); "
            + _factor_summary(factors),
            attributes=_factor_attributes(factors),
        )


def read_cin_plan(element: Element, child: ChildEntries, episode: str) -> None:
    """`cin_plan_started`, and `cin_plan_ended` when the plan has ended."""
    fields = Fields(element, child.problems)
    start = fields.dated("CINPlanStartDate", required=True)
    if start is None:
        return
    ref = child.group(f"{episode}/cin-plan/{start.day.isoformat()}")
    end = fields.dated("CINPlanEndDate")
    fields.in_order(start, end)
    child.add(ref, "cin_plan_started", start, "Child in need plan started")
    if end is not None:
        summary = f"Child in need plan ended (it started {uk(start.day)})"
        child.add(f"{ref}/end", "cin_plan_ended", end, summary)


def _factors(element: Element, child: ChildEntries) -> list[str]:
    found: list[str] = []
    for holder in element.all("FactorsIdentifiedAtAssessment"):
        codes = Fields(holder, child.problems).codes("AssessmentFactors", ASSESSMENT_FACTORS)
        found.extend(code for code in codes if code not in found)
    return found


def _factor_attributes(factors: list[str]) -> dict[str, Any]:
    return {
        "factors": factors,
        "factor_descriptions": [describe(ASSESSMENT_FACTORS, code) for code in factors],
    }


def _factor_summary(factors: list[str]) -> str:
    if not factors:
        return "no factors recorded"
    named = "; ".join(f"{describe(ASSESSMENT_FACTORS, code)} ({code})" for code in factors)
    return f"factors identified: {named}"
