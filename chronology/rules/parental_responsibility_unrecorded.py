"""parental-responsibility-unrecorded: who holds parental responsibility is not on record (rule 5).

For each child, every adult in a parental or caring relationship (`parental_links`: mother,
father, step-parent, partner of a parent living with the child, kinship or other carer) whose
parental responsibility no organisation recorded (medium), or which two organisations recorded
differently, one yes and one no (high). Also a child, or unborn child, with no father recorded
by any health organisation (medium). An answer of `unknown` counts as recorded.
"""

from __future__ import annotations

import pandas as pd

from chronology.people.graph import CONFLICTING, UNRECORDED
from chronology.people.models import Person
from chronology.people.parental import ParentalLink, parental_links
from chronology.rules.base import HEALTH_AGENCIES, Rule, RuleContext
from chronology.rules.flag import Flag, flag_id
from chronology.rules.registry import register
from chronology.vocabulary import RelationshipType


@register
class ParentalResponsibilityUnrecorded(Rule):
    id = "parental-responsibility-unrecorded"
    title = "Parental responsibility not recorded"
    description = (
        "A parent or carer whose parental responsibility no agency recorded, or agencies"
        " recorded differently; a child with no father recorded by health."
    )
    version = 1
    severity = "medium"
    learning = (
        "000 'opportunities to record parental responsibility are sometimes missed, especially"
        " in health services', 'record father's identity for unborn children'; 001 Family D"
        " 'seek evidence of parental responsibility'"
    )

    def evaluate(self, context: RuleContext) -> list[Flag]:
        if context.graph is None:
            return []
        flags: list[Flag] = []
        for child in context.children():
            for link in parental_links(context.graph, child.id):
                found = self._link_flag(context, child, link)
                if found is not None:
                    flags.append(found)
            if context.settings.get("check_father", True):
                found = self._no_father(context, child)
                if found is not None:
                    flags.append(found)
        return flags

    def _link_flag(self, context: RuleContext, child: Person, link: ParentalLink) -> Flag | None:
        adult = context.people.get(link.adult_id)
        if adult is None or link.parental_responsibility not in (UNRECORDED, CONFLICTING):
            return None
        rows = _evidence(context, child, link)
        if rows.empty:
            return None
        role = role_words(link.relationship)
        recorders = ", ".join(link.recorded_by)
        if link.parental_responsibility == CONFLICTING:
            said = ", ".join(
                f"{organisation} {answer}" for organisation, answer in link.pr_statements
            )
            text = (
                f"Agencies disagree about whether {adult.name} ({role} of {child.name}) has"
                f" parental responsibility: {said}. Check the evidence of parental"
                " responsibility and correct the records."
            )
            found = self.flag(
                context,
                child,
                rows,
                text,
                severity="high",
                title="Parental responsibility recorded differently by agencies",
            )
        else:
            nobody = (
                "has not recorded"
                if len(link.recorded_by) == 1
                else f"none of these {len(link.recorded_by)} agencies has recorded"
            )
            text = (
                f"{adult.name} is recorded as the {role} of {child.name} by {recorders}, but"
                f" {nobody} whether {adult.name} has parental responsibility."
            )
            found = self.flag(context, child, rows, text)
        return _keyed(found, self.id, f"{child.id}:{adult.id}", adult.id)

    def _no_father(self, context: RuleContext, child: Person) -> Flag | None:
        assert context.graph is not None
        for _, _, kind, data in context.graph.in_edges(child.id, keys=True, data=True):
            if kind == RelationshipType.FATHER and set(data["agencies"]) & HEALTH_AGENCIES:
                return None
        entries = context.about(child.id)
        health = entries[entries["agency"].isin(HEALTH_AGENCIES)] if not entries.empty else entries
        rows = _earliest_per_organisation(health if not health.empty else entries)
        if rows.empty:
            return None
        unborn = child.date_of_birth is None and child.expected_birth_date is not None
        who = f"{child.name} (unborn)" if unborn else child.name
        text = (
            f"No health agency has recorded a father for {who}. The father's identity should be"
            " recorded, for unborn children too."
        )
        found = self.flag(
            context, child, rows, text, title="No father recorded by any health agency"
        )
        return _keyed(found, self.id, f"{child.id}:father", None)


def role_words(relationship: str) -> str:
    """A relationship type as words: "step-father", "partner of a parent"."""
    if relationship == RelationshipType.PARTNER_OF_PARENT:
        return "partner of a parent"
    return relationship.replace("step_", "step-").replace("_", " ")


def _evidence(context: RuleContext, child: Person, link: ParentalLink) -> pd.DataFrame:
    """The entries mentioning the adult, and the recording organisations' entries about the
    child; the earliest of each organisation, so later entries leave the flag's id unchanged."""
    about_adult = context.about(link.adult_id)
    about_child = context.about(child.id)
    if not about_child.empty:
        about_child = about_child[about_child["organisation"].isin(link.recorded_by)]
    rows = pd.concat([about_adult, about_child]) if not about_adult.empty else about_child
    return _earliest_per_organisation(rows)


def _earliest_per_organisation(rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return rows
    rows = rows[~rows.index.duplicated()].sort_values("occurred_from", kind="stable")
    return rows.drop_duplicates(subset="organisation", keep="first")


def _keyed(found: Flag, rule: str, subject: str, adult: str | None) -> Flag:
    """One flag per child and adult: the id names both, so two adults never share one."""
    update: dict[str, object] = {"id": flag_id(rule, subject, found.evidence)}
    if adult is not None:
        update["people"] = (adult,)
    return found.model_copy(update=update)
