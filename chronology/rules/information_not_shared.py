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

from bisect import bisect_right
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from chronology.knowledge import SIGNIFICANT, Knowledge
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
        for row in context.knowledge.rows:
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
        # child -> organisation -> (days of its other entries, those entries, days of closures)
        self.involvement: dict[str, dict[str, _Involvement]] = defaultdict(dict)
        for row in knowledge.rows:
            for subject in row.subjects:
                if subject in self.children:
                    by_organisation = self.involvement[subject]
                    if row.organisation not in by_organisation:
                        by_organisation[row.organisation] = _Involvement()
                    by_organisation[row.organisation].add(row)
        for by_organisation in self.involvement.values():
            for involvement in by_organisation.values():
                involvement.sort()

    def entry(self, rule: Rule, row: Any) -> list[Flag]:
        day = row.occurred_day
        deadline = day + timedelta(days=self.days)
        if deadline > self.context.as_at:
            return []  # the organisations still have time to be told
        children = self._children_concerned(row, day)
        involved = self._involved(children, day, row.organisation)
        not_told = [
            (organisation, latest)
            for organisation, latest in sorted(involved.items())
            if not self.knowledge.knew_by(row.id, organisation, deadline)
        ]
        if not not_told:
            return []
        harm = self._harm_to_under_two(row, children)
        return [
            self._flag(rule, row, children, organisation, latest, deadline, harm)
            for organisation, latest in not_told
        ]

    def _children_concerned(self, row: Any, day: date) -> list[str]:
        concerned = {subject for subject in row.subjects if subject in self.children}
        graph = self.context.graph
        if graph is not None:
            for subject in row.subjects:
                if subject not in self.children and subject in graph:
                    concerned |= self.context.household(subject, day) & self.children
        return sorted(concerned)

    def _involved(self, children: list[str], day: date, recorder: str) -> dict[str, Any]:
        """Each other organisation involved with any of the children, with its latest entry."""
        since = day - timedelta(days=self.involved_days)
        latest: dict[str, tuple[date, Any]] = {}
        for child in children:
            for organisation, involvement in self.involvement.get(child, {}).items():
                if organisation == recorder:
                    continue
                found = involvement.open_latest(since, day)
                if found is not None and (
                    organisation not in latest or latest[organisation][0] <= found[0]
                ):
                    latest[organisation] = found
        return {organisation: entry for organisation, (_, entry) in latest.items()}

    def _flag(
        self,
        rule: Rule,
        row: Any,
        children: list[str],
        organisation: str,
        latest: Any,
        deadline: date,
        harm: bool,
    ) -> Flag:
        entry = _evidence(row)
        day = row.occurred_day
        return Flag(
            id=flag_id(rule.id, organisation, (entry,)),
            rule=rule.id,
            rule_version=rule.version,
            severity=_severity(row, harm, latest.agency),
            title=rule.title,
            explanation=self._explain(row, children, organisation, latest, deadline),
            children=tuple(children),
            people=tuple(sorted(set(row.subjects) - set(children))),
            agencies=tuple(sorted({row.agency, latest.agency})),
            evidence=(entry, _evidence(latest)),
            window=Window(from_date=day, to_date=deadline),
            learning=rule.learning,
        )

    def _harm_to_under_two(self, row: Any, children: list[str]) -> bool:
        """An injury, or a domestic abuse incident with children present, concerning a child
        under 2 that day."""
        attributes = row.attributes if isinstance(row.attributes, dict) else {}
        harm = row.event_type == "injury_observed" or (
            row.event_type == "domestic_abuse_incident"
            and attributes.get("children_present") is True
        )
        return harm and any(
            (age := self.context.age_in_days(self.context.people[child], row.occurred_day))
            is not None
            and age < YOUNG_DAYS
            for child in children
        )

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
            f" {uk(row.occurred_day)}. {organisation} was involved with {names} (latest entry"
            f" {uk(latest.occurred_day)}) but shows no sign of knowing within {self.days} days"
            f" (by {uk(deadline)}): not named in its shared_with, sent no information_shared about"
            " it, no entry of its own about the incident, not told at a meeting."
        )
        later = self.knowledge.first_known(row.id, organisation)
        if later is None:
            return text + f" Still no sign of knowing as at {uk(self.context.as_at)}."
        after = (later.day - row.occurred_day).days
        return (
            text + f" It first knew {after} days after: it {later.describe(self.knowledge.refs)}."
        )


def _severity(row: Any, harm_to_under_two: bool, agency: str) -> str:
    """Low for news of circumstances; high when harm to a child under 2 did not reach an
    agency working with the child; medium otherwise."""
    if row.event_type in CIRCUMSTANCES:
        return "low"
    return "high" if harm_to_under_two and agency in WORKING else "medium"


class _Involvement:
    """One organisation's entries about one child, by day: its work, and its closures."""

    def __init__(self) -> None:
        self.days: list[date] = []
        self.entries: list[Any] = []
        self.closures: list[date] = []

    def add(self, row: Any) -> None:
        if row.event_type in ENDED:
            self.closures.append(row.occurred_day)
        else:
            self.days.append(row.occurred_day)
            self.entries.append(row)

    def sort(self) -> None:
        """By day, keeping timeline order within a day (the last of a day is the latest)."""
        order = sorted(range(len(self.days)), key=self.days.__getitem__)
        self.days = [self.days[i] for i in order]
        self.entries = [self.entries[i] for i in order]
        self.closures.sort()

    def open_latest(self, since: date, day: date) -> tuple[date, Any] | None:
        """Its latest entry (not a closure) from `since` to `day`, both included, unless it
        closed its work with the child on or after that entry's day (by `day`)."""
        position = bisect_right(self.days, day) - 1
        if position < 0 or self.days[position] < since:
            return None
        closing = bisect_right(self.closures, day) - 1
        if closing >= 0 and self.closures[closing] >= self.days[position]:
            return None
        return self.days[position], self.entries[position]


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
