"""Where each person goes in a family picture: generations in rows, the household kept together.

Pure and deterministic (no randomness, ties broken by person id), in abstract units: a person's
`row` counts generations from the top and `x` is in slots one person wide.

- Generations come from the relationship types (a mother is one generation above her child, a
  grandparent two, partners and siblings share one), walked outwards from a child through links
  by birth first (a grandmother who is also a kinship carer stays a grandparent); where the
  records still contradict each other, the first value reached wins. People with no such link
  sit with the children (children) or one row above them (adults).
- The household is drawn as one block in the middle of the rows it spans; everyone else in those
  rows goes to its left or right, whichever side their relatives are on. Rows outside the block
  are placed freely, each person above or below their relatives.
- Positions are refined by a few sweeps of the barycentre heuristic (Sugiyama's): each person
  moves towards the mean position of the people they are linked to.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean

import networkx as nx

from chronology.people.kinds import BY_BIRTH, GENERATIONS_DOWN, SAME_GENERATION

SWEEPS = 6
ROW_NAMES = {-3: "Great-grandparents", -2: "Grandparents", -1: "Parents' generation", 0: "Children"}


@dataclass
class FamilyLayout:
    rows: list[list[str]]
    x: dict[str, float]
    row_of: dict[str, int]
    row_names: list[str]
    household: set[str] = field(default_factory=set)
    box: tuple[float, float, int, int] | None = None  # left x, right x, top row, bottom row


def lay_out(graph: nx.MultiDiGraph[str], household: set[str]) -> FamilyLayout:
    generation = generations(graph)
    top = min(generation.values(), default=0)
    rows: list[list[str]] = [[] for _ in range(max(generation.values(), default=0) - top + 1)]
    for person in sorted(generation):
        rows[generation[person] - top].append(person)
    row_of = {person: generation[person] - top for person in generation}
    names = [
        ROW_NAMES.get(top + index, f"Generation {top + index + 1}") for index in range(len(rows))
    ]
    boxed = household if len(household) > 1 else set()
    placer = _Placer(graph, rows, boxed, row_of)
    x = placer.place()
    return FamilyLayout(rows, x, row_of, names, boxed, placer.box())


def generations(graph: nx.MultiDiGraph[str]) -> dict[str, int]:
    """Each person's generation: 0 for the children, -1 their parents, -2 grandparents..."""
    steps: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for source, target, kind in sorted(graph.edges(keys=True)):
        down = GENERATIONS_DOWN.get(kind, 0 if kind in SAME_GENERATION else None)
        if down is not None and source != target:
            doubt = 0 if kind in BY_BIRTH else 1
            steps[source].append((target, down, doubt))
            steps[target].append((source, -down, doubt))
    generation: dict[str, int] = {}
    for start in sorted(graph, key=lambda person: (not graph.nodes[person]["is_child"], person)):
        if start not in generation:
            reached = _walk(start, steps)
            generation.update(_aligned(reached, graph))
    return generation


def _walk(start: str, steps: dict[str, list[tuple[str, int, int]]]) -> dict[str, int]:
    """Levels reached from `start`, through links by birth before carers, step-parents, uncles."""
    reached: dict[str, int] = {}
    queue: list[tuple[int, int, str, int]] = [(0, 0, start, 0)]
    order = 0
    while queue:
        doubt, _, person, level = heapq.heappop(queue)
        if person in reached:
            continue
        reached[person] = level
        for other, down, more in steps[person]:
            if other not in reached:
                order += 1
                heapq.heappush(queue, (doubt + more, order, other, level + down))
    return reached


def _aligned(reached: dict[str, int], graph: nx.MultiDiGraph[str]) -> dict[str, int]:
    """Levels shifted so that most children sit at 0 (adults with no children: at -1)."""
    children = [level for person, level in reached.items() if graph.nodes[person]["is_child"]]
    if children:
        anchor = max(set(children), key=lambda level: (children.count(level), level))
    else:
        anchor = max(reached.values()) + 1
    return {person: level - anchor for person, level in reached.items()}


class _Placer:
    """Orders each row and gives each person an x, block rows and free rows alike."""

    def __init__(
        self,
        graph: nx.MultiDiGraph[str],
        rows: list[list[str]],
        boxed: set[str],
        row_of: dict[str, int],
    ) -> None:
        self.rows = rows
        self.boxed = boxed
        self.row_of = row_of
        self.links = _links(graph)
        box_rows = sorted({row_of[person] for person in boxed})
        self.box_rows = range(box_rows[0], box_rows[-1] + 1) if box_rows else range(0)
        self.width = max((len(self._inside(row)) for row in self.box_rows), default=0)
        self.x: dict[str, float] = {}

    def place(self) -> dict[str, float]:
        for index, row in enumerate(self.rows):
            self._position_row(
                index, sorted(row, key=lambda person: (person not in self.boxed, person))
            )
        for _ in range(SWEEPS):
            for index, row in enumerate(self.rows):
                self._position_row(
                    index, sorted(row, key=lambda person: (self._pull(person), person))
                )
        left = min(self.x.values(), default=0.5) - 0.5
        self.x = {person: value - left for person, value in self.x.items()}
        self.offset = -left
        return self.x

    def box(self) -> tuple[float, float, int, int] | None:
        if not self.boxed:
            return None
        return self.offset, self.offset + self.width, self.box_rows[0], self.box_rows[-1]

    def _inside(self, row: int) -> list[str]:
        return [person for person in self.rows[row] if person in self.boxed]

    def _position_row(self, index: int, ordered: list[str]) -> None:
        if index in self.box_rows:
            self._position_block_row(ordered)
        else:
            self._position_free_row(ordered)

    def _position_block_row(self, ordered: list[str]) -> None:
        inside = [person for person in ordered if person in self.boxed]
        outside = [person for person in ordered if person not in self.boxed]
        left = [person for person in outside if self._pull(person) < self.width / 2]
        right = [person for person in outside if person not in left]
        start = (self.width - len(inside)) / 2
        self.x.update({person: start + slot + 0.5 for slot, person in enumerate(inside)})
        self.x.update({person: slot - len(left) + 0.5 for slot, person in enumerate(left)})
        self.x.update({person: self.width + slot + 0.5 for slot, person in enumerate(right)})

    def _position_free_row(self, ordered: list[str]) -> None:
        wanted = [self._pull(person) for person in ordered]
        placed: list[float] = []
        for value in wanted:
            placed.append(max(value, placed[-1] + 1) if placed else value)
        shift = mean(wanted) - mean(placed) if placed else 0.0
        self.x.update(
            {person: value + shift for person, value in zip(ordered, placed, strict=True)}
        )

    def _pull(self, person: str) -> float:
        """The mean x of the people this person is linked to (their own x if none is placed)."""
        placed = [self.x[other] for other in self.links[person] if other in self.x]
        if placed:
            return mean(placed)
        return self.x.get(person, self.width + len(self.rows[self.row_of[person]]))


def _links(graph: nx.MultiDiGraph[str]) -> dict[str, list[str]]:
    links: dict[str, list[str]] = defaultdict(list)
    for source, target, data in sorted(graph.edges(data=True), key=lambda edge: edge[:2]):
        if source != target and not data["derived"]:
            links[source].append(target)
            links[target].append(source)
    return links
