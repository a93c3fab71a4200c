"""The review chronology every export writes: one model, built once from the service.

A review panel reads the merged timeline for the review period (or the dates asked for, or
everything), with the flags about those entries, and the reviewer's own reading of each
entry: its significance (RAG) and analysis notes. Dates are shown as the case page shows
them (05/03/2024, 03/2024, ?05/03/2024). Anonymised, every person is a label from the
glossary and identifiers are hidden (`anonymise`), in every text the document holds.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from chronology.dates import LONDON
from chronology.domain.flag_review import ReviewStatus
from chronology.domain.review_work import Rag
from chronology.flag_reviews import FlagReviewState
from chronology.projections.timeline_query import TimelineQuery
from chronology.review_work import EntryReview, ReviewWork
from chronology.rules.flag import Flag
from chronology.service import ChronologyService
from chronology.vocabulary import Agency
from views.exports.anonymise import Anonymiser, default_glossary, person_names
from views.timeline_output import uk_date
from views.timeline_svg import agency_label

TITLE = "Multi-agency chronology"
MARKING = "OFFICIAL-SENSITIVE"
SEVERITIES = ("high", "medium", "low")
AGENCY_CODES = frozenset(str(agency) for agency in Agency)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Contributor(Frozen):
    organisation: str
    agency: str


class FlagSummary(Frozen):
    rule: str
    title: str
    severity: str
    explanation: str
    agencies: tuple[str, ...]
    review: str = ""  # what reviewers decided: "", "Reviewed" or "Dismissed: <reason>"


class GlossaryItem(Frozen):
    label: str
    kind: str
    known_to: tuple[str, ...]


class ReviewerNote(Frozen):
    text: str
    by: str
    on: date

    def line(self) -> str:
        return f"{self.text} ({self.by}, {self.on:%d/%m/%Y})"


class ChronologyRow(Frozen):
    """One entry as the panel reads it (`date` as the case page shows it)."""

    id: str
    date: str
    occurred: str
    occurred_end: str
    precision: str
    uncertain: bool
    recorded_on: str
    organisation: str
    agency: str
    area: str
    event_type: str
    summary: str
    detail: str
    subjects: tuple[str, ...]
    source: str
    record_ref: str
    extract: str
    extract_file: str
    source_row: int | None
    shared_with: tuple[str, ...]
    shared_on: str
    invited: tuple[str, ...]
    attended: tuple[str, ...]
    outcome: str
    child_seen: str
    seen_alone: str
    child_voice: str
    status: str
    version: int
    significance: Rag | None
    analysis: tuple[ReviewerNote, ...]
    flags: tuple[str, ...]


class ReviewChronology(Frozen):
    """What a review document holds; every export writes this and nothing else."""

    case_ref: str
    period_from: date | None
    period_to: date | None
    is_review_period: bool
    contributors: tuple[Contributor, ...]
    produced_on: date
    anonymised: bool
    flags: tuple[FlagSummary, ...]
    glossary: tuple[GlossaryItem, ...]
    rows: tuple[ChronologyRow, ...]
    title: str = TITLE
    marking: str = MARKING

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(contributor.agency for contributor in self.contributors))

    def period_text(self) -> str:
        """ "01/01/2024 to 31/12/2024"; without a period, the span of the entries shown."""
        start, end = self.period_from, self.period_to
        if start and end:
            return f"{start:%d/%m/%Y} to {end:%d/%m/%Y}"
        if start or end:
            return f"from {start:%d/%m/%Y}" if start else f"up to {end:%d/%m/%Y}"
        if not self.rows:
            return "all entries (none recorded)"
        first, last = (row.date.split()[0] for row in (self.rows[0], self.rows[-1]))
        return f"all entries ({first} to {last})"


class Wording(Protocol):
    """How the document words people and free text: as recorded, or anonymised."""

    def text(self, value: str | None) -> str: ...

    def person(self, person_id: str, name: str) -> str: ...


class AsRecorded:
    def text(self, value: str | None) -> str:
        return value or ""

    def person(self, person_id: str, name: str) -> str:
        return name


def build_document(
    service: ChronologyService,
    case_ref: str,
    date_from: date | None = None,
    date_to: date | None = None,
    anonymised: bool = False,
    glossary: dict[str, str] | None = None,
    today: date | None = None,
) -> ReviewChronology:
    """The review chronology of a case for the dates given, else its review period (if
    set), else every entry. Anonymised, people are named by the labels reviewers set
    (`glossary`, person id -> label, if given instead) over the default labels."""
    work = service.review_work(case_ref)
    start, end, is_review = _period(work, date_from, date_to)
    entries = service.timeline(case_ref, TimelineQuery(date_from=start, date_to=end))
    flags = _most_severe_first(_flags_about(service.flags(case_ref, as_at=today), entries))
    chosen = work.labels if glossary is None else glossary
    labels = _glossary(service, case_ref, chosen) if anonymised else {}
    words: Wording = _anonymiser(service, case_ref, labels) if anonymised else AsRecorded()
    extracts = service.extracts(case_ref)
    files = {UUID(hex=item["extract_id"]): item["file_name"] for item in extracts}
    raised = _raised_on(flags, words)
    reviews = service.flag_reviews(case_ref)
    return ReviewChronology(
        case_ref=words.text(case_ref.strip()),
        period_from=start,
        period_to=end,
        is_review_period=is_review,
        contributors=_contributors(extracts, entries),
        produced_on=today or datetime.now(LONDON).date(),
        anonymised=anonymised,
        flags=tuple(_summary(flag, words, reviews.of(flag.id)) for flag in flags),
        glossary=_glossary_items(service, case_ref, labels),
        rows=tuple(_row(entry, work.of(entry["id"]), raised, words, files) for entry in entries),
    )


def _period(
    work: ReviewWork, date_from: date | None, date_to: date | None
) -> tuple[date | None, date | None, bool]:
    if date_from or date_to or work.period is None:
        return date_from, date_to, False
    return work.period.start, work.period.end, True


def _flags_about(flags: list[Flag], entries: list[dict[str, Any]]) -> list[Flag]:
    """The flags with evidence among these entries (or with no entries as evidence)."""
    shown = {(entry["organisation"], entry["source"]["record_ref"]) for entry in entries}
    return [
        flag
        for flag in flags
        if not flag.evidence or any((e.organisation, e.record_ref) in shown for e in flag.evidence)
    ]


def _most_severe_first(flags: list[Flag]) -> list[Flag]:
    rank = {severity: place for place, severity in enumerate(SEVERITIES)}
    return sorted(flags, key=lambda flag: (rank.get(flag.severity, len(rank)), flag.rule))


def _summary(flag: Flag, words: Wording, review: FlagReviewState) -> FlagSummary:
    return FlagSummary(
        rule=flag.rule,
        title=words.text(flag.title),
        severity=flag.severity,
        explanation=words.text(flag.explanation),
        agencies=tuple(_agency(code) for code in flag.agencies),
        review=_decision(review, words),
    )


def _decision(review: FlagReviewState, words: Wording) -> str:
    """What reviewers decided about a flag, in words (nothing while it is open)."""
    if review.status is ReviewStatus.DISMISSED:
        return f"Dismissed: {words.text(review.reason)}" if review.reason else "Dismissed"
    return "Reviewed" if review.status is ReviewStatus.REVIEWED else ""


def _contributors(
    extracts: list[dict[str, Any]], entries: list[dict[str, Any]]
) -> tuple[Contributor, ...]:
    """Every organisation that sent an extract or has an entry, by agency then name."""
    found = {item["organisation"]: item["agency"] for item in [*extracts, *entries]}
    listed = [Contributor(organisation=o, agency=_agency(a)) for o, a in found.items()]
    return tuple(sorted(listed, key=lambda item: (item.agency.casefold(), item.organisation)))


def _agency(code: str) -> str:
    label = agency_label(code)
    return label[:1].upper() + label[1:]


def _glossary(
    service: ChronologyService, case_ref: str, edited: dict[str, str] | None
) -> dict[str, str]:
    defaults = default_glossary(service.people(case_ref))
    chosen = {key: label.strip() for key, label in (edited or {}).items() if key in defaults}
    return defaults | {key: label for key, label in chosen.items() if label}


def _anonymiser(service: ChronologyService, case_ref: str, labels: dict[str, str]) -> Anonymiser:
    case_people = service.people(case_ref)
    return Anonymiser(labels, person_names(case_people, service.person_records(case_ref)))


def _glossary_items(
    service: ChronologyService, case_ref: str, labels: dict[str, str]
) -> tuple[GlossaryItem, ...]:
    people = {person.id: person for person in service.people(case_ref).people} if labels else {}
    return tuple(
        GlossaryItem(
            label=label,
            kind="child" if people[key].is_child else "adult",
            known_to=tuple(dict.fromkeys(_agency(code) for code in people[key].known_to)),
        )
        for key, label in labels.items()
    )


def _row(
    entry: dict[str, Any],
    review: EntryReview,
    raised: dict[tuple[str, str], tuple[str, ...]],
    words: Wording,
    files: dict[UUID, str],
) -> ChronologyRow:
    source, text = entry["source"], words.text
    return ChronologyRow(
        id=entry["id"],
        date=uk_date(entry["occurred"], entry["uncertain"]),
        occurred=entry["occurred"],
        occurred_end=entry.get("occurred_end") or "",
        precision=entry["precision"],
        uncertain=entry["uncertain"],
        recorded_on=uk_date(entry.get("recorded_on")),
        organisation=entry["organisation"],
        agency=_agency(entry["agency"]),
        area=entry.get("area") or "",
        event_type=entry["event_type"].replace("_", " "),
        summary=text(entry["summary"]),
        detail=text(entry.get("detail")),
        subjects=tuple(words.person(s["id"], s["name"]) for s in entry["subjects"]),
        source=text(entry.get("information_source")),
        record_ref=source["record_ref"],
        extract=source["extract"],
        extract_file=text(files.get(UUID(source["extract"]), "")),
        source_row=source.get("row"),
        shared_with=tuple(_organisation(item, words) for item in entry["shared_with"]),
        shared_on=uk_date(entry.get("shared_on")),
        invited=tuple(_organisation(item, words) for item in entry.get("invited") or ()),
        attended=tuple(_organisation(item, words) for item in entry.get("attended") or ()),
        outcome=text(entry.get("outcome")),
        child_seen=(entry.get("child_seen") or "").replace("_", " "),
        seen_alone=entry.get("seen_alone") or "",
        child_voice=text(entry.get("child_voice")),
        status=entry["status"],
        version=entry["version"],
        significance=review.rating.rag if review.rating else None,
        analysis=tuple(_note(note.text, note.by, note.at, words) for note in review.notes),
        flags=raised.get((entry["organisation"], source["record_ref"]), ()),
    )


def _organisation(value: str, words: Wording) -> str:
    """An agency code as its name ("Social care"); anything else as written (anonymised)."""
    return _agency(value) if value in AGENCY_CODES else words.text(value)


def _note(text: str, by: str, at: datetime, words: Wording) -> ReviewerNote:
    return ReviewerNote(text=words.text(text), by=by, on=at.astimezone(LONDON).date())


def _raised_on(flags: list[Flag], words: Wording) -> dict[tuple[str, str], tuple[str, ...]]:
    """(organisation, record ref) -> the titles of the flags the entry is evidence for."""
    raised: dict[tuple[str, str], dict[str, None]] = {}
    for flag in flags:
        title = words.text(flag.title)
        for item in flag.evidence:
            raised.setdefault((item.organisation, item.record_ref), {})[title] = None
    return {key: tuple(titles) for key, titles in raised.items()}
