"""An episode's child protection work as entries: section 47 enquiries, initial conferences, plans.

The census gives the strategy discussion only as the section 47 start date, and never who was
invited, so no `strategy_discussion` entry is made (a rule would read it as a meeting no
agency attended). An initial conference may be given both on the episode and on its section
47 enquiry: it is one conference, one entry, per date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from adapters.cin_census.codes import CATEGORIES_OF_ABUSE, describe
from adapters.cin_census.dated import Dated
from adapters.cin_census.entries import ChildEntries, uk
from adapters.cin_census.fields import Fields
from adapters.cin_census.xml_tree import Element

S47_SUMMARY = (
    "Section 47 enquiry started (the census records this as the date of the strategy discussion)"
)


class Conferences:
    """The episode's initial child protection conferences, one per date, in the order found."""

    def __init__(self) -> None:
        self.by_day: dict[date, tuple[Dated, dict[str, Any]]] = {}

    def note(self, dated: Dated | None, not_required: bool | None = None) -> None:
        if dated is not None:
            _, attributes = self.by_day.setdefault(dated.day, (dated, {}))
            if not_required is not None:
                attributes["icpc_not_required"] = not_required

    def add_to(self, child: ChildEntries, episode: str) -> None:
        for day, (dated, attributes) in self.by_day.items():
            ref = f"{episode}/icpc/{day.isoformat()}"
            summary = "Initial child protection conference"
            child.add(ref, "initial_cp_conference", dated, summary, attributes=attributes)


def read_section47(
    element: Element, child: ChildEntries, episode: str, conferences: Conferences
) -> None:
    """`section47_started` (the strategy discussion's date); its ICPC goes to `conferences`."""
    fields = Fields(element, child.problems)
    start = fields.dated("S47ActualStartDate", required=True)
    target = fields.dated("InitialCPCtarget")
    conference = fields.dated("DateOfInitialCPC")
    not_required = fields.flag("ICPCnotRequired")
    conferences.note(conference, not_required)
    if start is None:
        return
    attributes: dict[str, Any] = {"icpc_not_required": not_required}
    attributes |= {"icpc_target_date": target.day.isoformat()} if target else {}
    summary = S47_SUMMARY + (
        "; no initial child protection conference needed" if not_required else ""
    )
    ref = child.group(f"{episode}/section47/{start.day.isoformat()}")
    attributes = {key: value for key, value in attributes.items() if value is not None}
    child.add(ref, "section47_started", start, summary, attributes=attributes)


def read_protection_plan(element: Element, child: ChildEntries, episode: str) -> None:
    """`cp_plan_started`, a `cp_review_conference` per review, `cp_plan_ended` once ended."""
    fields = Fields(element, child.problems)
    start = fields.dated("CPPstartDate", required=True)
    if start is None:
        return
    plan = child.group(f"{episode}/cp-plan/{start.day.isoformat()}")
    attributes = _plan_attributes(fields)
    child.add(plan, "cp_plan_started", start, _plan_summary(attributes), attributes=attributes)
    for reviews in element.all("Reviews"):
        for review in Fields(reviews, child.problems).every_dated("CPPreviewDate"):
            ref = f"{plan}/review/{review.day.isoformat()}"
            child.add(ref, "cp_review_conference", review, "Child protection review conference")
    end = fields.dated("CPPendDate")
    fields.in_order(start, end)
    if end is not None:
        summary = f"Child protection plan ended (it started {uk(start.day)})"
        child.add(f"{plan}/end", "cp_plan_ended", end, summary)


def _plan_attributes(fields: Fields) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for when in ("initial", "latest"):
        code = fields.code(f"{when.title()}CategoryOfAbuse", CATEGORIES_OF_ABUSE)
        if code is not None:
            attributes[f"{when}_category_of_abuse"] = code
            attributes[f"{when}_category_of_abuse_description"] = describe(
                CATEGORIES_OF_ABUSE, code
            )
    previous = fields.count("NumberOfPreviousCPP")
    if previous is not None:
        attributes["number_of_previous_plans"] = previous
    return attributes


def _plan_summary(attributes: dict[str, Any]) -> str:
    summary = "Child protection plan started"
    initial = attributes.get("initial_category_of_abuse_description")
    latest = attributes.get("latest_category_of_abuse_description")
    if initial:
        summary += f" under the category of {initial}"
    if latest and latest != initial:
        summary += f" (latest category: {latest})"
    previous = attributes.get("number_of_previous_plans") or 0
    if previous:
        plans = "plan" if previous == 1 else "plans"
        summary += f"; the child has had {previous} previous child protection {plans}"
    return summary
