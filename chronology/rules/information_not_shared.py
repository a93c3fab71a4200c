"""information-not-shared: one agency held news another agency working with the child never had
(RULES.md rule 3).

A significant entry (domestic abuse incident, injury, emergency department attendance, arrest,
missing episode, MARAC referral, CP plan started or ended, case closed, moved area or address
change) about a child, or about an adult living with a child that day, while another
organisation is involved with the child (an entry with the child as a subject in the 90 days
before, settings `involved_days`, and no closure, discharge or transfer on or after its last
other entry), and the knowledge projection (chronology.knowledge) shows no sign within 7 days
(settings `days`) that the other organisation knew: it was not named in `shared_with`, no
`information_shared` entry to it covered the entry, it recorded nothing of its own about the
same incident, and it heard nothing at a meeting. One flag per (entry,
organisation not told); raised once the 7 days have passed by the as-at date. The explanation
says when, if ever by the as-at date, the organisation did come to know.

Severity (RULES.md leaves it to us): high when an injury, or a domestic abuse incident with
children present, concerning a child under 2 did not reach an agency working with the child
(health visiting, midwifery, GP, social care, school, early help); low for news of
circumstances (address change, move, case closed); medium otherwise.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from chronology.knowledge import SIGNIFICANT, Knowledge, household_of
from chronology.rules.base import Rule, RuleContext, uk
from chronology.rules.flag import Evidence, Flag, Window, flag_id
from chronology.rules.registry import register

DAYS = 7
# News of a household's circumstances rather than of harm or risk: low.
CIRCUMSTANCES = frozenset({"address_change", "moved_area", "case_closed"})
# The agencies doing the day-to-day work with a child, who most need to hear of harm.
WORKING = frozenset(
    {"health_visiting", "midwifery", "gp", "childrens_social_care", "school", "early_help"}
)
YOUNG_DAYS = 730
# An organisation whose latest entry about the child closed its work is no longer involved.
ENDED = frozenset({"case_closed", "early_help_closed", "discharge", "case_transferred"})
INVOLVED_DAYS = 90
WHAT = {
    "domestic_abuse_incident": "a domestic abuse incident",
    "injury_observed": "an injury",
    "ed_attendance": "an emergency department attendance",
    "arrest": "an arrest",
    "missing_episode": "a missing episode",
    "marac_referral": "a MARAC referral",
    "cp_plan_started": "a child protection plan starting",
    "cp_plan_ended": "a child protection plan ending",
    "case_closed": "a case closure",
    "moved_area": "a move of area",
    "address_change": "a change of address",
}


@register
class InformationNotShared(Rule):
    id = "information-not-shared"
    title = "Agency working with the child not told of a significant event"
    description = (
        "A significant entry about the child or a household adult, while another agency is"
        " involved with the child, with no sign within 7 days that the other agency knew."
    )
    version = 1
    severity = "medium"
    learning = (
        "000 information sharing; 002 'confident to share information earlier'; 001 Child L"
        " 'referrals not showing on all records', Baby M 'information sharing was too variable"
        " between areas'"
    )

    def evaluate(self, context: RuleContext) -> list[Flag]:
        if context.knowledge is None or context.timeline.empty:
            return []
        check = _Check(context, context.knowledge)
        flags: list[Flag] = []
        rows: list[Any] = list(context.timeline.itertuples(index=False))
        for row in rows:
            if row.event_type in SIGNIFICANT:
                flags.extend(check.entry(self, row))
        return flags


class _Check:
    """The per-case indexes one evaluation needs: involvement by child, households by day."""

    def __init__(self, context: RuleContext, knowledge: Knowledge) -> None:
        self.context, self.knowledge = context, knowledge
        self.days = int(context.settings.get("days", DAYS))
        self.involved_days = int(context.settings.get("involved_days", INVOLVED_DAYS))
        self.children = {person.id for person in context.children()}
        self.household = household_of(context.graph) if context.graph is not None else None
        self.involvement: dict[str, list[tuple[date, str, Any]]] = defaultdict(list)
        rows: list[Any] = list(context.timeline.itertuples(index=False))
        for row in rows:
            for subject in row.subjects:
                if subject in self.children:
                    self.involvement[subject].append((row.occurred_from.date(), row.id, row))
        for items in self.involvement.values():
            items.sort(key=lambda item: (item[0], item[1]))

    def entry(self, rule: Rule, row: Any) -> list[Flag]:
        day = row.occurred_from.date()
        deadline = day + timedelta(days=self.days)
        if deadline > self.context.as_at:
            return []  # the organisations still have time to be told
        children = self._children_concerned(row, day)
        involved = self._involved(children, day, row.organisation)
        return [
            self._flag(rule, row, children, organisation, latest, deadline)
            for organisation, latest in sorted(involved.items())
            if not self.knowledge.knew_by(row.id, organisation, deadline)
        ]

    def _children_concerned(self, row: Any, day: date) -> list[str]:
        concerned = {subject for subject in row.subjects if subject in self.children}
        if self.household is not None:
            for subject in row.subjects:
                if subject not in self.children:
                    concerned |= self.household(subject, day) & self.children
        return sorted(concerned)

    def _involved(self, children: list[str], day: date, recorder: str) -> dict[str, Any]:
        """Each other organisation involved with any of the children, with its latest entry."""
        since = day - timedelta(days=self.involved_days)
        latest: dict[str, Any] = {}
        closed: dict[str, date] = {}
        for child in children:
            items = self.involvement.get(child, [])
            start = bisect_left(items, (since, ""), key=lambda item: (item[0], item[1]))
            end = bisect_right(items, (day, "\uffff"), key=lambda item: (item[0], item[1]))
            for when, _, entry in items[start:end]:
                if entry.organisation == recorder:
                    continue
                if entry.event_type in ENDED:
                    closed[entry.organisation] = when
                elif entry.organisation not in latest or latest[entry.organisation][0] <= when:
                    latest[entry.organisation] = (when, entry)
        return {
            organisation: entry
            for organisation, (when, entry) in latest.items()
            if organisation not in closed or closed[organisation] < when
        }

    def _flag(
        self,
        rule: Rule,
        row: Any,
        children: list[str],
        organisation: str,
        latest: Any,
        deadline: date,
    ) -> Flag:
        entry = _evidence(row)
        day = row.occurred_from.date()
        return Flag(
            id=flag_id(rule.id, organisation, (entry,)),
            rule=rule.id,
            rule_version=rule.version,
            severity=self._severity(row, children, latest.agency),
            title=rule.title,
            explanation=self._explain(row, children, organisation, latest, deadline),
            children=tuple(children),
            people=tuple(sorted(set(row.subjects) - set(children))),
            agencies=tuple(sorted({row.agency, latest.agency})),
            evidence=(entry, _evidence(latest)),
            window=Window(from_date=day, to_date=deadline),
            learning=rule.learning,
        )

    def _severity(self, row: Any, children: list[str], agency: str) -> str:
        """Low for news of circumstances; high when harm to a child under 2 (an injury, or a
        domestic abuse incident with children present) did not reach an agency working with
        the child; medium otherwise."""
        if row.event_type in CIRCUMSTANCES:
            return "low"
        attributes = row.attributes if isinstance(row.attributes, dict) else {}
        harm = row.event_type == "injury_observed" or (
            row.event_type == "domestic_abuse_incident" and attributes.get("children_present")
        )
        day = row.occurred_from.date()
        young = any(
            (age := self.context.age_in_days(self.context.people[child], day)) is not None
            and age < YOUNG_DAYS
            for child in children
        )
        return "high" if harm and young and agency in WORKING else "medium"

    def _explain(
        self, row: Any, children: list[str], organisation: str, latest: Any, deadline: date
    ) -> str:
        names = _join([self.context.people[child].name for child in children])
        subjects = _join(
            [self.context.people[p].name for p in row.subjects if p in self.context.people]
        )
        what = WHAT.get(row.event_type, row.event_type.replace("_", " "))
        text = (
            f"{row.organisation} recorded {what} ({row.record_ref}) about {subjects} on"
            f" {uk(row.occurred_from)}. {organisation} was involved with {names} (latest entry"
            f" {uk(latest.occurred_from)}) but shows no sign of knowing within {self.days} days"
            f" (by {uk(deadline)}): not named in its shared_with, sent no information_shared about"
            " it, no entry of its own about the incident, not told at a meeting."
        )
        later = self.knowledge.first_known(row.id, organisation)
        if later is None:
            return text + f" Still no sign of knowing as at {uk(self.context.as_at)}."
        after = (later.day - row.occurred_from.date()).days
        return (
            text + f" It first knew {after} days after: it {later.describe(self.knowledge.refs)}."
        )


def _evidence(row: Any) -> Evidence:
    return Evidence(
        organisation=row.organisation,
        record_ref=row.record_ref,
        occurred=row.occurred,
        event_type=row.event_type,
    )


def _join(names: list[str]) -> str:
    if not names:
        return "the family"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
