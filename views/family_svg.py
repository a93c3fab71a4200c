"""The family network as a standalone SVG picture a strategy-discussion chair can read at a glance.

Generations in rows (grandparents, parents' generation, children), the household as at a date in
a labelled box, parental responsibility on every parental link to a child, children drawn apart
from adults, unborn children dashed, and adults known to one agency only marked. Pure Python and
deterministic: no JavaScript, no fonts or links from outside, and every style has a dash pattern
or a fill as well as a colour, so that it reads printed in black and white. Names and labels are
XML-escaped. Where people go is decided by `chronology.people.layout`; this module draws.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from math import ceil
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from chronology.people.household import household_on
from chronology.people.kinds import PARENTAL, SIBLINGS
from chronology.people.layout import FamilyLayout, lay_out
from chronology.people.parental import parental_links

SLOT, NODE_W, NODE_H, ROW_GAP = 232, 200, 86, 150
LEFT, TOP, LEGEND_H = 150, 130, 150
LABEL_W, LABEL_H = 180, 40
FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
INK, GREY, SOFT = "#111827", "#4b5563", "#9ca3af"
Box = tuple[float, float, float, float]
Link = tuple[str, str, str, Mapping[str, Any]]


@dataclass(frozen=True)
class Style:
    stroke: str
    width: float
    dash: str | None
    fill: str
    bold: bool


PR_STYLES = {
    "yes": Style(INK, 2.2, None, "#ffffff", False),
    "no": Style(GREY, 2.2, "14 4 2 4", "#ffffff", False),
    "unknown": Style(GREY, 2.2, "2 4", "#ffffff", False),
    "unrecorded": Style("#9a3412", 3.5, "10 6", "#ffedd5", True),
    "conflicting": Style("#991b1b", 3.5, "3 3", "#fee2e2", True),
}
OTHER_LINK = Style(SOFT, 1.6, None, "#ffffff", False)
AGENCY_LABELS = {
    "childrens_social_care": "social care",
    "gp": "GP",
    "camhs": "CAMHS",
    "substance_misuse_service": "substance misuse",
    "domestic_abuse_service": "DA service",
}
KIND_LABELS = {"partner_of_parent": "parent's partner", "aunt_or_uncle": "aunt/uncle"}


def render_family_svg(graph: nx.MultiDiGraph[str], title: str, on: date | None = None) -> str:
    """The whole picture as an SVG document."""
    on = on or date.today()
    children = sorted(person for person in graph if graph.nodes[person]["is_child"])
    households = [household_on(graph, child, on) for child in children]
    household = set().union(*(found for found in households if len(found) > 1))
    canvas = _Canvas(graph, lay_out(graph, household), on, _links_to_draw(graph, children))
    width, height = canvas.width, canvas.bottom + 40 + LEGEND_H
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" role="img">',
        f"<title>{escape(f'Family network: {title}')}</title>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        *_heading(title, on, graph, household),
        *canvas.row_labels(),
        *canvas.household_box(),
        *canvas.lines(),
        *(canvas.person(person) for person in sorted(graph)),
        *canvas.labels,
        *_legend(height - LEGEND_H + 10),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _links_to_draw(graph: nx.MultiDiGraph[str], children: list[str]) -> list[Link]:
    """Recorded links (derived siblings are implied by shared parents), then derived partners."""
    edges = sorted(graph.edges(keys=True, data=True), key=lambda edge: edge[:3])
    drawn: list[Link] = [
        (source, target, kind, data)
        for source, target, kind, data in edges
        if source != target and not (data["derived"] and kind in SIBLINGS)
    ]
    for child in children:
        for found in parental_links(graph, child):
            if found.derived:
                data = {"parental_responsibility": found.parental_responsibility, "facts": ()}
                drawn.append((found.adult_id, child, "partner_of_parent", data))
    return drawn


class _Canvas:
    """Pixel positions: rows as tall as their labels need, links spread along the boxes' edges."""

    def __init__(
        self, graph: nx.MultiDiGraph[str], layout: FamilyLayout, on: date, links: list[Link]
    ) -> None:
        self.graph, self.layout, self.on, self.links = graph, layout, on, links
        slots = max(layout.x.values(), default=0.5) + 0.5
        self.width = max(LEFT + slots * SLOT + 30, 1060)
        self.tops = self._row_tops(slots)
        self.bottom = (self.tops[-1] if self.tops else TOP) + NODE_H + 40
        self.labels: list[str] = []
        self.ports: dict[tuple[str, str, str], float] = {}
        self.taken: list[Box] = [
            (cx - NODE_W / 2, top, cx + NODE_W / 2, top + NODE_H)
            for cx, top in (self.centre(person) for person in graph)
        ]

    def _row_tops(self, slots: float) -> list[float]:
        labels_above = [0] * len(self.layout.rows)
        for source, target, _, _ in self.links:
            lower = max(self.layout.row_of[source], self.layout.row_of[target])
            labels_above[lower] += 1
        # Labels bunch over the middle of a row rather than spreading across all of it.
        side_by_side = max(2, int(slots * SLOT / (LABEL_W + 10) / 3))
        tops, y = [], float(TOP)
        for index, count in enumerate(labels_above):
            if index:
                y += NODE_H + max(ROW_GAP, 50 + LABEL_H * ceil(count / side_by_side))
            tops.append(y)
        return tops

    def centre(self, person: str) -> tuple[float, float]:
        """The x of the middle of a person's box, and the y of its top."""
        return LEFT + self.layout.x[person] * SLOT, self.tops[self.layout.row_of[person]]

    def row_labels(self) -> Iterator[str]:
        for name, top in zip(self.layout.row_names, self.tops, strict=True):
            lines = _wrap(name.split(" "), 12, 2)
            y = top + NODE_H / 2 - 9 * (len(lines) - 1)
            for number, line in enumerate(lines):
                yield _text(18, y + 5 + 18 * number, line, size=14, weight="bold", fill=GREY)

    def household_box(self) -> Iterator[str]:
        if self.layout.box is None:
            return
        left, right, top_row, bottom_row = self.layout.box
        x, y = LEFT + left * SLOT - 12, self.tops[top_row] - 26
        w, h = (right - left) * SLOT + 24, self.tops[bottom_row] + NODE_H + 38 - y
        yield (
            f'<rect class="household" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'rx="22" fill="#f3f4f6" stroke="{INK}" stroke-width="2.5"/>'
        )
        label = f"HOUSEHOLD as at {_day(self.on)}: living with the children"
        self.taken.append((x + 10, y + h - 30, x + 20 + len(label) * 8.2, y + h - 4))
        yield _text(x + 18, y + h - 12, label, size=13, weight="bold", fill=INK, fit=w - 30)

    def lines(self) -> Iterator[str]:
        self._spread_ports()
        for source, target, kind, data in self.links:
            shows_pr = kind in PARENTAL and self.graph.nodes[target]["is_child"]
            status = data["parental_responsibility"] if shows_pr else None
            style = PR_STYLES[status] if status else OTHER_LINK
            points = self._route(source, target, kind)
            about = (
                f"data-from={quoteattr(source)} data-to={quoteattr(target)} "
                f"data-relationship={quoteattr(kind)}"
                + (f" data-pr={quoteattr(status)}" if status else "")
            )
            lines = _pr_lines(kind, data) if status else [_kind(kind)]
            self._place_label(points, lines, style, about)
            yield f'<g class="link" {about}>{_path(points, style)}</g>'

    def person(self, person: str) -> str:
        node = self.graph.nodes[person]
        cx, top = self.centre(person)
        if node["is_child"]:
            look = 'rx="26" fill="#dbeafe" stroke="#1e3a8a" stroke-width="3"'
        else:
            look = f'rx="4" fill="#ffffff" stroke="{INK}" stroke-width="1.6"'
        dashed = ' stroke-dasharray="7 5"' if node["unborn"] else ""
        parts = [
            f'<rect x="{cx - NODE_W / 2:.1f}" y="{top:.1f}" width="{NODE_W}" height="{NODE_H}" '
            f"{look}{dashed}/>",
            _text(
                cx, top + 24, node["name"], size=15, weight="bold", anchor="middle", fit=NODE_W - 16
            ),
            _text(cx, top + 43, _age_line(node, self.on), size=12, anchor="middle", fill=GREY),
            *_known_to(node, cx, top),
        ]
        kinds = ["child" if node["is_child"] else "adult"] + ["unborn"] * node["unborn"]
        if _single_agency_adult(node):
            kinds.append("single-agency")
        opening = f'<g class="person {" ".join(kinds)}" data-person={quoteattr(person)}>'
        return opening + "".join(parts) + "</g>"

    def _spread_ports(self) -> None:
        """Where links meet a box: spread along its edge, in the order of their far ends."""
        ends: dict[tuple[str, str], set[str]] = {}
        for source, target, _, _ in self.links:
            upper, lower = sorted((source, target), key=lambda person: self.layout.row_of[person])
            if self.layout.row_of[upper] != self.layout.row_of[lower]:
                ends.setdefault((upper, "bottom"), set()).add(lower)
                ends.setdefault((lower, "top"), set()).add(upper)
        for (person, side), others in ends.items():
            ordered = sorted(others, key=lambda other: (self.layout.x[other], other))
            cx, _ = self.centre(person)
            for index, other in enumerate(ordered):
                share = (index + 1) / (len(ordered) + 1) - 0.5 if len(ordered) > 1 else 0.0
                self.ports[(person, side, other)] = cx + NODE_W * 0.6 * share

    def _route(self, source: str, target: str, kind: str) -> list[tuple[float, float]]:
        """An arc within a row, else a line down, stepping through gaps in the rows between."""
        (sx, stop), (tx, ttop) = self.centre(source), self.centre(target)
        first, last = self.layout.row_of[source], self.layout.row_of[target]
        if first == last:
            below = first == len(self.layout.rows) - 1
            y = stop + (NODE_H if below else 0)
            bow = min(22 + abs(tx - sx) * 0.05, 60) * (1 if below else -1)
            return [(sx, y), ((sx + tx) / 2, y + 2 * bow), (tx, y)]
        if first > last:
            return list(reversed(self._route(target, source, kind)))
        sx = self.ports.get((source, "bottom", target), sx)
        tx = self.ports.get((target, "top", source), tx)
        points = [(sx, stop + NODE_H)]
        for row in range(first + 1, last):
            x = self._gap_near(sx + (tx - sx) * (row - first) / (last - first), self.tops[row])
            points += [(x, self.tops[row] - 14), (x, self.tops[row] + NODE_H + 14)]
        return [*points, (tx, ttop)]

    def _gap_near(self, x: float, row_top: float) -> float:
        for left, top, right, _ in self.taken:
            if top == row_top and left - 10 < x < right + 10:
                margin = (SLOT - NODE_W) / 2
                return left - margin if x < (left + right) / 2 else right + margin
        return x

    def _place_label(
        self, points: list[tuple[float, float]], lines: list[str], style: Style, about: str
    ) -> None:
        """Along the link, at the first place that hides no other label or box (else the least)."""
        w = max(len(line) for line in lines) * 6.6 + 16
        h = 16 * len(lines) + 6
        best: tuple[float, float, float] | None = None
        for t in (0.5, 0.38, 0.62, 0.26, 0.74, 0.16, 0.84, 0.08, 0.92):
            cx, cy = _along(points, t)
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            clash = sum(_overlap(box, other) for other in self.taken)
            if best is None or clash < best[0]:
                best = (clash, cx, cy)
            if clash == 0:
                break
        assert best is not None
        _, cx, cy = best
        self.taken.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        self.labels.append(f'<g class="label" {about}>{_label(cx, cy, w, h, lines, style)}</g>')


def _known_to(node: Mapping[str, Any], cx: float, top: float) -> list[str]:
    """Which agencies know the person; an adult known to one only gets a warning strip."""
    agencies = [_agency(code) for code in node["known_to"]]
    if _single_agency_adult(node):
        y = top + NODE_H - 28
        return [
            f'<rect x="{cx - NODE_W / 2:.1f}" y="{y:.1f}" width="{NODE_W}" height="28" '
            f'fill="#fcd34d" stroke="{INK}" stroke-width="1.6"/>',
            _text(
                cx,
                y + 19,
                f"! known to {agencies[0]} only",
                size=12,
                weight="bold",
                anchor="middle",
                fit=NODE_W - 14,
            ),
        ]
    lines = _wrap(agencies, 24, 2, ", ") if agencies else ["no agency"]
    lines[0] = f"known to: {lines[0]}"
    return [
        _text(cx, top + 61 + 14 * index, line, size=11, anchor="middle", fill=GREY)
        for index, line in enumerate(lines)
    ]


def _single_agency_adult(node: Mapping[str, Any]) -> bool:
    return len(node["known_to"]) == 1 and not node["is_child"]


def _pr_lines(kind: str, data: Mapping[str, Any]) -> list[str]:
    status = data["parental_responsibility"]
    first = f"{_kind(kind)} · PR: {status}"
    if status == "yes":
        basis = data.get("pr_basis")
        return [first, basis.replace("_", " ") if basis else "basis not recorded"]
    if status == "conflicting":
        said: dict[str, set[str]] = {}
        for fact in data["facts"]:
            if fact.parental_responsibility:
                said.setdefault(str(fact.parental_responsibility), set()).add(_agency(fact.agency))
        sides = [f"{answer}: {', '.join(sorted(by))}" for answer, by in sorted(said.items())]
        return [first, " · ".join(sides)]
    return [first]


def _heading(title: str, on: date, graph: nx.MultiDiGraph[str], household: set[str]) -> list[str]:
    organisations = {org for person in graph for org in graph.nodes[person]["organisations"]}
    people = graph.number_of_nodes()
    lives = "household" if household else "no household recorded"
    summary = (
        f"{people} {'person' if people == 1 else 'people'} · known to {len(organisations)} "
        f"organisation{'' if len(organisations) == 1 else 's'} · {lives} as at {_day(on)}"
    )
    return [
        _text(24, 40, f"Family network: {title}", size=22, weight="bold"),
        _text(24, 66, summary, size=13, fill=GREY),
    ]


def _legend(y: float) -> list[str]:
    parts = [_text(24, y + 14, "Key", size=13, weight="bold")]
    for index, (status, style) in enumerate(PR_STYLES.items()):
        x = 24 + index * 200
        parts.append(_path([(x, y + 40), (x + 60, y + 40)], style))
        parts.append(
            _text(
                x + 68, y + 44, f"PR: {status}", size=12, weight="bold" if style.bold else "normal"
            )
        )
    samples = [
        (f'rx="4" fill="#ffffff" stroke="{INK}" stroke-width="1.6"', "adult"),
        ('rx="14" fill="#dbeafe" stroke="#1e3a8a" stroke-width="3"', "child"),
        (
            'rx="14" fill="#ffffff" stroke="#1e3a8a" stroke-width="3" stroke-dasharray="7 5"',
            "unborn child",
        ),
        (f'rx="2" fill="#fcd34d" stroke="{INK}" stroke-width="1.6"', "adult known to one agency"),
        (f'rx="10" fill="#f3f4f6" stroke="{INK}" stroke-width="2.5"', "household"),
    ]
    x = 24
    for attributes, name in samples:
        parts.append(f'<rect x="{x}" y="{y + 64:.1f}" width="56" height="28" {attributes}/>')
        parts.append(_text(x + 64, y + 83, name, size=12))
        x += 100 + len(name) * 7
    note = "PR is shown on each link from a parent or carer to a child; grey: other relationships."
    parts.append(_text(24, y + 122, note, size=12, fill=GREY))
    return parts


def _label(cx: float, cy: float, w: float, h: float, lines: list[str], style: Style) -> str:
    box = (
        f'<rect x="{cx - w / 2:.1f}" y="{cy - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" rx="4" '
        f'fill="{style.fill}" stroke="{style.stroke}" stroke-width="{1.6 if style.bold else 1}"/>'
    )
    texts = [
        _text(
            cx,
            cy - h / 2 + 15 + 16 * index,
            line,
            size=12 if index == 0 else 11,
            anchor="middle",
            weight="bold" if style.bold and index == 0 else "normal",
            fill=INK if index == 0 else GREY,
        )
        for index, line in enumerate(lines)
    ]
    return "<g>" + box + "".join(texts) + "</g>"


def _path(points: list[tuple[float, float]], style: Style) -> str:
    """A quadratic arc through three points, else a polyline."""
    (x0, y0), rest = points[0], points[1:]
    if len(points) == 3:
        (mx, my), (x1, y1) = rest
        d = f"M{x0:.1f},{y0:.1f} Q{mx:.1f},{my:.1f} {x1:.1f},{y1:.1f}"
    else:
        d = f"M{x0:.1f},{y0:.1f} " + " ".join(f"L{x:.1f},{y:.1f}" for x, y in rest)
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return (
        f'<path d="{d}" fill="none" stroke="{style.stroke}" stroke-width="{style.width}"'
        f' stroke-linejoin="round"{dash}/>'
    )


def _along(points: list[tuple[float, float]], t: float) -> tuple[float, float]:
    """The point a fraction `t` along an arc (three points) or along a polyline's last leg."""
    if len(points) == 3:
        (x0, y0), (mx, my), (x1, y1) = points
        u = 1 - t
        return u * u * x0 + 2 * u * t * mx + t * t * x1, u * u * y0 + 2 * u * t * my + t * t * y1
    (ax, ay), (bx, by) = points[-2], points[-1]
    return ax + (bx - ax) * t, ay + (by - ay) * t


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    weight: str = "normal",
    anchor: str = "start",
    fill: str = INK,
    fit: float | None = None,
) -> str:
    """A line of text, its font made smaller where it would overflow `fit` pixels."""
    if fit is not None:
        size = min(size, max(8.0, fit / (max(len(text), 1) * 0.58)))
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:.3g}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill={quoteattr(fill)}>{escape(text)}</text>'
    )


def _age_line(node: Mapping[str, Any], on: date) -> str:
    if node["unborn"]:
        return f"unborn · due {_day(node['expected_birth_date'])}"
    who = "child" if node["is_child"] else "adult"
    born: date | None = node["dob"]
    if born is None:
        return f"{who} · age not recorded"
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    return f"{who} · age {months} months" if months < 24 else f"{who} · age {months // 12}"


def _kind(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def _agency(code: str) -> str:
    return AGENCY_LABELS.get(code, code.replace("_", " "))


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _wrap(words: list[str], width: int, most: int, joiner: str = " ") -> list[str]:
    """Words in lines of at most `width` characters; past `most` lines, a count of the rest."""
    lines: list[list[str]] = []
    for word in words:
        if lines and len(joiner.join([*lines[-1], word])) <= width:
            lines[-1].append(word)
        else:
            lines.append([word])
    if len(lines) > most:
        kept = [*lines[: most - 1], lines[most - 1][:-1] or lines[most - 1][:1]]
        hidden = len(words) - sum(len(line) for line in kept)
        kept[-1] = [*kept[-1], f"+{hidden} more"]
        lines = kept
    return [
        joiner.join(line) + (joiner.strip() if index < len(lines) - 1 else "")
        for index, line in enumerate(lines)
    ]


def _overlap(first: Box, second: Box) -> float:
    wide = min(first[2], second[2]) - max(first[0], second[0])
    high = min(first[3], second[3]) - max(first[1], second[1])
    return max(wide, 0) * max(high, 0)
