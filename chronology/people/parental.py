"""The adults in a parental or caring relationship with a child, and their parental responsibility.

This is what the `parental-responsibility-unrecorded` rule reads. A link is recorded (an edge of a
parental type into the child: mother, father, step-parent, partner of a parent, kinship or foster
carer, special guardian, guardian) or derived: an adult recorded as the `partner` (not ex-partner)
of one of the child's parents, on a statement saying they live with the child, and with no
parental link of their own to the child. A partner of a parent recorded as not living with the
child (`lives_with_child` no) is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from chronology.people.kinds import PARENTAL, order_of
from chronology.vocabulary import RelationshipType as R

PARENTS_WITH_PARTNERS = frozenset({R.MOTHER, R.FATHER, R.STEP_MOTHER, R.STEP_FATHER})


@dataclass(frozen=True)
class ParentalLink:
    adult_id: str
    child_id: str
    relationship: str
    parental_responsibility: str
    pr_basis: str | None
    pr_statements: tuple[tuple[str, str], ...]
    recorded_by: tuple[str, ...]
    lives_with_child: str | None
    derived: bool = False


def parental_links(graph: nx.MultiDiGraph[str], child_id: str) -> list[ParentalLink]:
    """The child's parents and carers with their PR status, recorded first then derived."""
    recorded = [
        _link(adult, child_id, data)
        for adult, _, kind, data in graph.in_edges(child_id, keys=True, data=True)
        if kind in PARENTAL and adult != child_id and _counts(kind, data)
    ]
    linked = {link.adult_id for link in recorded}
    derived = [
        _link(partner, child_id, data, derived=True)
        for partner, data in _partners_of_parents(graph, child_id)
        if partner not in linked and partner != child_id
    ]
    return sorted(recorded, key=lambda link: (order_of(link.relationship), link.adult_id)) + derived


def _counts(kind: str, edge: Mapping[str, Any]) -> bool:
    return kind != R.PARTNER_OF_PARENT or edge["lives_with_child"] != "no"


def _partners_of_parents(
    graph: nx.MultiDiGraph[str], child_id: str
) -> list[tuple[str, Mapping[str, Any]]]:
    parents = sorted(
        adult
        for adult, _, kind in graph.in_edges(child_id, keys=True)
        if kind in PARENTS_WITH_PARTNERS
    )
    found: dict[str, Mapping[str, Any]] = {}
    for parent in parents:
        for partner, data in _partners(graph, parent):
            if data["lives_with_child"] == "yes" and partner not in parents:
                found.setdefault(partner, data)
    return sorted(found.items())


def _partners(graph: nx.MultiDiGraph[str], person: str) -> list[tuple[str, Mapping[str, Any]]]:
    edges = list(graph.out_edges(person, keys=True, data=True)) + [
        (target, source, kind, data)
        for source, target, kind, data in graph.in_edges(person, keys=True, data=True)
    ]
    return [(other, data) for _, other, kind, data in edges if kind == R.PARTNER]


def _link(
    adult: str, child: str, edge: Mapping[str, Any], *, derived: bool = False
) -> ParentalLink:
    return ParentalLink(
        adult_id=adult,
        child_id=child,
        relationship=R.PARTNER_OF_PARENT if derived else edge["relationship"],
        parental_responsibility=edge["parental_responsibility"],
        pr_basis=edge["pr_basis"],
        pr_statements=edge["pr_statements"],
        recorded_by=edge["recorded_by"],
        lives_with_child=edge["lives_with_child"],
        derived=derived,
    )
