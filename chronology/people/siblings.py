"""Siblings derived through shared parents, for the pairs no organisation related directly.

Two people with a recorded mother or father in common are siblings. They are half-siblings when,
for the mother or the father, both have one recorded and no recorded one is shared. With one
parent shared and the other unrecorded for either, they are `sibling`, the wider word: the
records do not say whether they are full or half siblings. Derived edges carry `derived` True,
`derived_from` (the shared parents' ids) and no organisation in `recorded_by`.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx

from chronology.people.kinds import BIRTH_PARENT, SIBLINGS
from chronology.vocabulary import RelationshipType

ParentsByRole = dict[str, dict[str, set[str]]]


def add_derived_siblings(graph: nx.MultiDiGraph[str]) -> None:
    parents = birth_parents(graph)
    for first, second in combinations(sorted(parents), 2):
        shared = _all(parents[first]) & _all(parents[second])
        if not shared or _related_as_siblings(graph, first, second):
            continue
        kind = _sibling_kind(parents[first], parents[second])
        graph.add_edge(first, second, key=kind, **derived_sibling(kind, shared))


def birth_parents(graph: nx.MultiDiGraph[str]) -> ParentsByRole:
    """Each person's recorded mothers and fathers, by role."""
    parents: ParentsByRole = defaultdict(lambda: defaultdict(set))
    for parent, child, kind in graph.edges(keys=True):
        if kind in BIRTH_PARENT and parent != child:
            parents[child][kind].add(parent)
    return parents


def derived_sibling(kind: str, shared: set[str]) -> dict[str, Any]:
    return {
        "relationship": kind,
        "directed": False,
        "parental_responsibility": "unrecorded",
        "pr_statements": (),
        "pr_bases": (),
        "pr_basis": None,
        "lives_with_child": None,
        "from_date": None,
        "to_date": None,
        "recorded_by": (),
        "agencies": (),
        "derived": True,
        "derived_from": tuple(sorted(shared)),
        "reoriented": False,
        "facts": (),
    }


def _sibling_kind(first: dict[str, set[str]], second: dict[str, set[str]]) -> str:
    for role in BIRTH_PARENT:
        if first.get(role) and second.get(role) and not first[role] & second[role]:
            return RelationshipType.HALF_SIBLING
    return RelationshipType.SIBLING


def _all(by_role: dict[str, set[str]]) -> set[str]:
    return set().union(*by_role.values())


def _related_as_siblings(graph: nx.MultiDiGraph[str], first: str, second: str) -> bool:
    keys = set(graph.get_edge_data(first, second, default={})) | set(
        graph.get_edge_data(second, first, default={})
    )
    return bool(keys & SIBLINGS)
