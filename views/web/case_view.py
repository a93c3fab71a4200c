"""What the case page shows, worked out from the service's answers (no HTTP here).

The chair's questions, in the page's order: what happened and who knew (the lanes and the
table, filtered), what the flags say and on what evidence, who is around the child (the family
picture), which agencies to invite (involved in the last 90 days), and, for a chosen
organisation, what it knew as at the date in view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from chronology.dates import DateError, parse_date
from chronology.domain.flag_review import ReviewStatus
from chronology.flag_reviews import CaseReviews
from chronology.rules.flag import Flag
from chronology.vocabulary import EventGroup, event_group
from views.timeline_output import uk_date
from views.timeline_svg import GROUP_LABELS, agency_label

SEVERITIES = ("high", "medium", "low")
INVOLVED_DAYS = 90
NOT_TOLD = "information-not-shared"


@dataclass(frozen=True)
class Filters:
    """The page's query: the period, the date in view, and what to narrow the table to."""

    date_from: date | None = None
    date_to: date | None = None
    as_at: date | None = None
    organisations: tuple[str, ...] = ()
    person: str | None = None
    group: str | None = None
    flagged_only: bool = False
    text: str = ""
    knew: str | None = None
    problems: tuple[str, ...] = ()

    def query(self, **changes: Any) -> str:
        """This query string with some values changed (None drops one)."""
        values: dict[str, Any] = {
            "from": _iso(self.date_from),
            "to": _iso(self.date_to),
            "as-at": _iso(self.as_at),
            "organisation": list(self.organisations),
            "person": self.person,
            "group": self.group,
            "flagged": "on" if self.flagged_only else None,
            "q": self.text or None,
            "knew": self.knew,
        }
        values.update(changes)
        pairs = [
            (key, item)
            for key, value in values.items()
            for item in (value if isinstance(value, list) else [value])
            if item not in (None, "")
        ]
        return urlencode(pairs)


def read_filters(params: Mapping[str, Any], getlist: Any) -> Filters:
    """Filters from the query string; a value that cannot be read is named and left out."""
    problems: list[str] = []

    def day(name: str, label: str, start: bool) -> date | None:
        value = str(params.get(name) or "").strip()
        if not value:
            return None
        try:
            parsed = parse_date(value)
        except DateError as problem:
            problems.append(f"{label}: {problem}")
            return None
        return parsed.start if start else parsed.end

    group = str(params.get("group") or "").strip() or None
    if group is not None and group not in {item.value for item in EventGroup}:
        problems.append("Kind of entry: choose one from the list")
        group = None
    return Filters(
        date_from=day("from", "From", True),
        date_to=day("to", "To", False),
        as_at=day("as-at", "As at", False),
        organisations=tuple(str(item) for item in getlist("organisation") if str(item).strip()),
        person=str(params.get("person") or "").strip() or None,
        group=group,
        flagged_only=params.get("flagged") == "on",
        text=str(params.get("q") or "").strip()[:200],
        knew=str(params.get("knew") or "").strip() or None,
        problems=tuple(problems),
    )


def period(
    filters: Filters, entries: list[dict[str, Any]], review: tuple[date, date] | None = None
) -> tuple[date, date, bool]:
    """The period in view: as asked, else the review period (unless looking as at a date),
    else the 12 months to the as-at date or the latest entry. The flag says whether it is
    the 12-month default."""
    if review and not (filters.date_from or filters.date_to or filters.as_at):
        return review[0], review[1], False
    latest = max((_day(entry) for entry in entries), default=None)
    end = filters.date_to or filters.as_at or latest or date.today()
    start = filters.date_from or _year_before(end)
    return start, end, filters.date_from is None and filters.date_to is None


def _year_before(end: date) -> date:
    try:
        return end.replace(year=end.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return end.replace(year=end.year - 1, day=28) + timedelta(days=1)


def evidence_index(entries: Iterable[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(organisation, record_ref) -> entry: how a flag's evidence finds its row."""
    return {(entry["organisation"], entry["source"]["record_ref"]): entry for entry in entries}


def flagged_entries(
    flags: list[Flag], index: Mapping[tuple[str, str], dict[str, Any]]
) -> dict[str, list[Flag]]:
    """entry id -> the flags it is evidence for."""
    found: dict[str, list[Flag]] = defaultdict(list)
    for flag in flags:
        for item in flag.evidence:
            entry = index.get((item.organisation, item.record_ref))
            if entry is not None:
                found[entry["id"]].append(flag)
    return found


def table_rows(
    entries: list[dict[str, Any]],
    filters: Filters,
    start: date,
    end: date,
    flagged: Mapping[str, list[Flag]],
) -> list[dict[str, Any]]:
    """The entries the table shows, in timeline order, with what the template needs."""
    words = filters.text.casefold()
    rows = []
    for entry in entries:
        if not start <= _day(entry) <= end:
            continue
        if filters.organisations and entry["organisation"] not in filters.organisations:
            continue
        if filters.person and filters.person not in {s["id"] for s in entry["subjects"]}:
            continue
        if filters.group and event_group(entry["event_type"]).value != filters.group:
            continue
        if filters.flagged_only and entry["id"] not in flagged:
            continue
        if words and words not in _searchable(entry):
            continue
        rows.append(_row(entry, flagged.get(entry["id"], [])))
    return rows


def _searchable(entry: dict[str, Any]) -> str:
    parts = [
        entry["summary"],
        entry.get("detail"),
        entry.get("outcome"),
        entry["event_type"].replace("_", " "),
        entry["organisation"],
        entry["source"]["record_ref"],
        *(subject["name"] for subject in entry["subjects"]),
    ]
    return " ".join(str(part) for part in parts if part).casefold()


def _row(entry: dict[str, Any], flags: list[Flag]) -> dict[str, Any]:
    return {
        "id": entry["id"],
        "date": uk_date(entry["occurred"], entry["uncertain"]),
        "organisation": entry["organisation"],
        "agency": agency_label(entry["agency"]),
        "record_ref": entry["source"]["record_ref"],
        "source": entry.get("information_source") or "",
        "event": entry["event_type"].replace("_", " "),
        "group": GROUP_LABELS[event_group(entry["event_type"])],
        "summary": entry["summary"],
        "detail": entry.get("detail") or "",
        "outcome": entry.get("outcome") or "",
        "about": ", ".join(subject["name"] for subject in entry["subjects"]),
        "shared_with": ", ".join(entry["shared_with"]),
        "version": entry["version"],
        "withdrawn": entry["status"] == "withdrawn",
        "flags": _flag_links(flags),
    }


def _flag_links(flags: list[Flag]) -> list[tuple[str, str, str, int]]:
    """One link per kind of flag on a row (the first flag's id, severity, title, how many)."""
    links: dict[tuple[str, str], list[Flag]] = {}
    for flag in flags:
        links.setdefault((flag.severity, flag.title), []).append(flag)
    ranked = sorted(links.items(), key=lambda item: _rank(item[0][0]))
    return [(found[0].id, severity, title, len(found)) for (severity, title), found in ranked]


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass
class FlagItem:
    """One item of the flags panel: a flag, or the information-not-shared flags of one entry
    gathered together (one per organisation not told)."""

    key: str
    severity: str
    title: str
    flags: list[Flag]
    evidence: list[dict[str, str]] = field(default_factory=list)


def flag_panel(
    flags: list[Flag],
    index: Mapping[tuple[str, str], dict[str, Any]],
    reviews: CaseReviews,
    link: Any,
) -> dict[str, list[FlagItem]]:
    """Flags by severity, most severe first, dismissed ones last in each; information-not-shared
    flags gathered by the entry not shared."""
    items: dict[str, FlagItem] = {}
    for flag in flags:
        if flag.rule == NOT_TOLD and flag.evidence:
            first = flag.evidence[0]
            key = f"{NOT_TOLD}:{first.organisation}:{first.record_ref}"
            item = items.get(key)
            if item is None:
                title = f"Not shared: {first.event_type.replace('_', ' ')} ({first.record_ref})"
                item = items[key] = FlagItem(key, flag.severity, title, [])
                item.evidence = [_evidence(first, index, link)]
            item.flags.append(flag)
            item.severity = _worse(item.severity, flag.severity)
        else:
            evidence = [_evidence(one, index, link) for one in flag.evidence]
            items[flag.id] = FlagItem(flag.id, flag.severity, flag.title, [flag], evidence)
    panel: dict[str, list[FlagItem]] = {severity: [] for severity in SEVERITIES}
    for item in items.values():
        panel.setdefault(item.severity, []).append(item)
    for listed in panel.values():
        listed.sort(key=lambda one: all(_dismissed(f, reviews) for f in one.flags))
    return panel


def _dismissed(flag: Flag, reviews: CaseReviews) -> bool:
    return reviews.of(flag.id).status is ReviewStatus.DISMISSED


def _worse(one: str, other: str) -> str:
    return one if _rank(one) <= _rank(other) else other


def _evidence(
    item: Any, index: Mapping[tuple[str, str], dict[str, Any]], link: Any
) -> dict[str, str]:
    entry = index.get((item.organisation, item.record_ref))
    return {
        "label": f"{uk_date(item.occurred)} {item.organisation} {item.record_ref}",
        "event": item.event_type.replace("_", " "),
        "href": link(entry) if entry is not None else "",
    }


def involved(entries: list[dict[str, Any]], end: date) -> list[dict[str, Any]]:
    """Organisations with an entry in the 90 days to `end`: the strategy discussion's
    invitation list, most recent contact first."""
    since = end - timedelta(days=INVOLVED_DAYS)
    found: dict[str, dict[str, Any]] = {}
    for entry in entries:
        day = _day(entry)
        if not since < day <= end:
            continue
        item = found.setdefault(
            entry["organisation"],
            {"organisation": entry["organisation"], "agency": agency_label(entry["agency"])},
        )
        item["count"] = item.get("count", 0) + 1
        item["latest"] = max(item.get("latest", day), day)
    listed = sorted(found.values(), key=lambda item: item["latest"], reverse=True)
    for item in listed:
        item["latest_uk"] = f"{item['latest']:%d/%m/%Y}"
    return listed


def _day(entry: Mapping[str, Any]) -> date:
    return date.fromisoformat(str(entry["occurred_from"])[:10])


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
