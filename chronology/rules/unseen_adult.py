"""unseen-adult: an adult around the child known to one agency only (RULES.md rule 6).

For each child: the adults in the child's household as at the date, the child's parents and
carers (`parental_links`) and the partners (not ex-partners) of the child's parents. An adult is
flagged when known to no more than `max_organisations` organisations (default 1) and to none of
the organisations working with the child: those of the kinds in `working_agencies` (health
visiting, midwifery, children's social care, school by default) with an entry about the child.
No flag when no such organisation has the child in its records.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from chronology.people.models import Person
from chronology.people.parental import PARENTS_WITH_PARTNERS, parental_links
from chronology.rules.base import Rule, RuleContext
from chronology.rules.flag import Flag, flag_id
from chronology.rules.parental_responsibility_unrecorded import role_words
from chronology.rules.registry import register
from chronology.vocabulary import RelationshipType

WORKING = ("health_visiting", "midwifery", "childrens_social_care", "school")


@register
class UnseenAdult(Rule):
    id = "unseen-adult"
    title = "An adult around the child unseen by the agencies working with the child"
    description = (
        "A household adult, parent or partner of a parent known to one agency only and absent"
        " from the records of the agencies working with the child."
    )
    version = 1
    severity = "medium"
    learning = (
        "000 'significant males'; 001 'unseen men', 'lack of clarity about who the men are in"
        " families'"
    )

    def evaluate(self, context: RuleContext) -> list[Flag]:
        if context.graph is None:
            return []
        working_kinds = set(context.settings.get("working_agencies", WORKING))
        most = int(context.settings.get("max_organisations", 1))
        flags: list[Flag] = []
        for child in context.children():
            entries = context.about(child.id)
            if entries.empty:
                continue
            working = sorted(
                set(entries.loc[entries["agency"].isin(working_kinds), "organisation"])
            )
            if not working:
                continue
            for adult_id, role in _adults_around(context.graph, context, child):
                adult = context.people[adult_id]
                known = adult.organisations
                if not known or len(known) > most or set(known) & set(working):
                    continue
                found = self._flag(context, child, adult, role, working, entries)
                if found is not None:
                    flags.append(found)
        return flags

    def _flag(
        self,
        context: RuleContext,
        child: Person,
        adult: Person,
        role: str,
        working: list[str],
        about_child: pd.DataFrame,
    ) -> Flag | None:
        known = adult.organisations
        rows = context.about(adult.id)
        if rows.empty:
            rows = about_child[about_child["organisation"].isin(known)]
        if rows.empty:
            return None
        rows = rows.sort_values("occurred_from", kind="stable")
        text = (
            f"{adult.name} ({role} of {child.name}) is known only to {' and '.join(known)}"
            f" ({len(rows)} {'entry' if len(rows) == 1 else 'entries'}), and appears in the records"
            f" of none of the agencies working with {child.name}: {', '.join(working)}."
        )
        found = self.flag(context, child, rows, text)
        first = found.evidence[:1]
        return found.model_copy(
            update={"id": flag_id(self.id, f"{child.id}:{adult.id}", first), "people": (adult.id,)}
        )


def _adults_around(
    graph: nx.MultiDiGraph[str], context: RuleContext, child: Person
) -> list[tuple[str, str]]:
    """(adult id, how they are related to the child), household first, no one twice."""
    found: dict[str, str] = {}
    for link in parental_links(graph, child.id):
        found.setdefault(link.adult_id, role_words(link.relationship))
    parents = [
        adult
        for adult, _, kind in graph.in_edges(child.id, keys=True)
        if kind in PARENTS_WITH_PARTNERS
    ]
    for parent in sorted(parents):
        for source, target, kind in list(graph.out_edges(parent, keys=True)) + list(
            graph.in_edges(parent, keys=True)
        ):
            other = target if source == parent else source
            if kind == RelationshipType.PARTNER and other not in parents:
                found.setdefault(other, "partner of a parent")
    if child.id in graph:
        for member in sorted(context.household(child.id, context.as_at)):
            found.setdefault(member, "household member")
    return [
        (person, role)
        for person, role in sorted(found.items())
        if person != child.id and person in context.people and not context.people[person].is_child
    ]
