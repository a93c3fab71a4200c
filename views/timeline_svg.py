"""The case page's picture of the merged timeline: one lane per organisation, drawn on the server.

Each entry is a mark in its organisation's lane at the day it happened, coloured by its event
group (a colour-blind-safe palette, every mark outlined so it stands out against white); an
entry that is evidence for a flag carries a red triangle above it. A mark links to the entry's
row in the table below; the table is the accessible equivalent, so the marks take no Tab stops.
All agency text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from chronology.vocabulary import EventGroup, event_group
from views.family_svg import AGENCY_LABELS

WIDTH = 1100
LABEL_WIDTH = 230
RIGHT = 20
TOP = 34
LANE = 30
INK = "#1b1b1b"
FLAG = "#b10e1e"
GROUP_COLOURS: dict[EventGroup, str] = {
    EventGroup.CONTACT: "#bbbbbb",
    EventGroup.HEALTH: "#0072b2",
    EventGroup.ADULT_NEEDS: "#cc79a7",
    EventGroup.POLICE_AND_DOMESTIC_ABUSE: "#d55e00",
    EventGroup.SOCIAL_CARE: "#009e73",
    EventGroup.EDUCATION: "#e69f00",
    EventGroup.HOUSEHOLD: "#56b4e9",
    EventGroup.INFORMATION_SHARING: "#f0e442",
    EventGroup.OTHER: "#ffffff",
}
GROUP_LABELS: dict[EventGroup, str] = {
    EventGroup.CONTACT: "contact",
    EventGroup.HEALTH: "health",
    EventGroup.ADULT_NEEDS: "adult needs",
    EventGroup.POLICE_AND_DOMESTIC_ABUSE: "police and domestic abuse",
    EventGroup.SOCIAL_CARE: "social care",
    EventGroup.EDUCATION: "education",
    EventGroup.HOUSEHOLD: "household",
    EventGroup.INFORMATION_SHARING: "information sharing",
    EventGroup.OTHER: "other",
}


@dataclass(frozen=True)
class Mark:
    """One entry as the picture needs it."""

    id: str
    day: date
    organisation: str
    agency: str
    event_type: str
    summary: str
    uncertain: bool
    flagged: bool


def agency_label(code: str) -> str:
    return AGENCY_LABELS.get(code, code.replace("_", " "))


def render_lanes(marks: Iterable[Mark], start: date, end: date, title: str) -> str:
    """The lanes picture for the period [start, end]; marks outside it are left out."""
    shown = [mark for mark in marks if start <= mark.day <= end]
    lanes = _lanes(shown)
    height = TOP + LANE * max(len(lanes), 1) + 64
    scale = _Scale(start, end)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="figure" aria-labelledby="lanes-title lanes-desc" class="lanes">',
        f'<title id="lanes-title">{escape(title)}</title>',
        f'<desc id="lanes-desc">{len(shown)} entries in {len(lanes)} lanes, one per '
        "organisation, from "
        f"{start:%d/%m/%Y} to {end:%d/%m/%Y}. The table below lists the same entries.</desc>",
        *_axis(scale, len(lanes)),
    ]
    for index, (organisation, agency) in enumerate(lanes):
        parts.extend(_lane(index, organisation, agency))
    rows = {lane[0]: index for index, lane in enumerate(lanes)}
    for mark in sorted(shown, key=lambda one: (one.flagged, one.day)):
        parts.append(_mark(mark, scale.x(mark.day), TOP + LANE * rows[mark.organisation]))
    if not shown:
        parts.append(_text(LABEL_WIDTH + 10, TOP + 20, "No entries in this period.", 14))
    parts.extend(_legend(TOP + LANE * max(len(lanes), 1) + 26))
    parts.append("</svg>")
    return "\n".join(parts)


class _Scale:
    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self.days = max((end - start).days, 1)

    def x(self, day: date) -> float:
        return LABEL_WIDTH + (WIDTH - LABEL_WIDTH - RIGHT) * (day - self.start).days / self.days


def _lanes(marks: list[Mark]) -> list[tuple[str, str]]:
    """Organisations ordered by agency then name, so the same agencies sit together."""
    seen = {(mark.organisation, mark.agency) for mark in marks}
    return sorted(seen, key=lambda lane: (lane[1], lane[0]))


def _axis(scale: _Scale, lanes: int) -> list[str]:
    bottom = TOP + LANE * max(lanes, 1)
    parts = []
    for tick in _month_starts(scale.start, scale.end):
        x = scale.x(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" '
            'stroke="#d0d3d4" stroke-width="1"/>'
        )
        label = f"{tick:%b %Y}" if tick.month == 1 or tick == scale.start else f"{tick:%b}"
        parts.append(_text(x + 3, TOP - 10, label, 12))
    return parts


def _month_starts(start: date, end: date) -> list[date]:
    day = start.replace(day=1)
    if day < start:
        day = (day + timedelta(days=32)).replace(day=1)
    ticks = []
    while day <= end:
        ticks.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    step = max(1, len(ticks) // 14)  # long periods: fewer labels, still readable
    return ticks[::step]


def _lane(index: int, organisation: str, agency: str) -> list[str]:
    top = TOP + LANE * index
    shade = "#f3f2f1" if index % 2 == 0 else "#ffffff"
    name = organisation if len(organisation) <= 30 else organisation[:29] + "…"
    return [
        f'<rect x="0" y="{top}" width="{WIDTH}" height="{LANE}" fill="{shade}"/>',
        _text(6, top + 13, name, 12, weight="600"),
        _text(6, top + 26, agency_label(agency), 11, fill="#505a5f"),
    ]


def _mark(mark: Mark, x: float, top: float) -> str:
    colour = GROUP_COLOURS[event_group(mark.event_type)]
    fill = "#ffffff" if mark.uncertain else colour
    stroke = colour if mark.uncertain and colour != "#ffffff" else INK
    summary = mark.summary if len(mark.summary) <= 160 else mark.summary[:159] + "…"
    tip = (
        f"{mark.day:%d/%m/%Y}{' (date uncertain)' if mark.uncertain else ''} · "
        f"{mark.organisation} · {mark.event_type.replace('_', ' ')}"
        f"{' · flagged' if mark.flagged else ''}: {summary}"
    )
    cy = top + LANE / 2 + 3
    flag = ""
    if mark.flagged:
        flag = _triangle(x, cy - 13)
    return (
        f'<a href="#e-{escape(mark.id)}" tabindex="-1"><title>{escape(tip)}</title>{flag}'
        f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="5.5" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{2 if mark.uncertain else 1.2}"/></a>'
    )


def _legend(y: float) -> list[str]:
    parts = [_text(6, y + 4, "Marks by kind:", 12, weight="600")]
    x = 124.0
    for group, label in GROUP_LABELS.items():
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{GROUP_COLOURS[group]}" '
            f'stroke="{INK}" stroke-width="1.2"/>'
        )
        parts.append(_text(x + 9, y + 4, label, 12))
        x += 18 + 7.2 * len(label)
    parts.append(_triangle(11, y + 16))
    parts.append(_text(22, y + 24, "evidence for a flag", 12))
    parts.append(
        f'<circle cx="{170:.1f}" cy="{y + 20:.1f}" r="5.5" fill="#ffffff" stroke="{INK}" '
        'stroke-width="2"/>'
    )
    parts.append(_text(180, y + 24, "hollow: date uncertain", 12))
    return parts


def _triangle(x: float, top: float) -> str:
    """The flag marker: a small red triangle pointing down, 10 wide, its top at `top`."""
    return (
        f'<path d="M{x - 5:.1f},{top:.1f} L{x + 5:.1f},{top:.1f} L{x:.1f},{top + 6:.1f} Z" '
        f'fill="{FLAG}"/>'
    )


def _text(
    x: float, y: float, text: str, size: float, weight: str = "normal", fill: str = INK
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f"fill={quoteattr(fill)}>{escape(text)}</text>"
    )


def marks_from(entries: Iterable[Mapping[str, object]], flagged: set[str]) -> list[Mark]:
    """Marks from timeline entries (the service's dictionaries)."""
    return [
        Mark(
            id=str(entry["id"]),
            day=date.fromisoformat(str(entry["occurred_from"])[:10]),
            organisation=str(entry["organisation"]),
            agency=str(entry["agency"]),
            event_type=str(entry["event_type"]),
            summary=str(entry["summary"] or ""),
            uncertain=bool(entry["uncertain"]),
            flagged=str(entry["id"]) in flagged,
        )
        for entry in entries
    ]
