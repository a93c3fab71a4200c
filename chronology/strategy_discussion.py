"""Recording a strategy discussion from the case page, as an entry of the chair's organisation.

The discussion becomes a one-entry extract of that organisation (event type
`strategy_discussion`, with `invited`, `attended` and `outcome` as EXTRACT-FORMAT.md has
them), imported like any upload, so every rule and projection sees it as an agency record:
`strategy-discussion-missing-agency` above all. Being an import, it is atomic, and it only
ever adds or amends its own rows: the organisation's other entries are never touched.

Its record ref comes from the day and the subjects, and its file hash from everything on the
form, so recording the same discussion again is a no-op and recording it with a corrected
outcome amends the one entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson

from chronology.application import ImportOutcome
from chronology.dates import LONDON, FuzzyDate
from chronology.domain import ids
from chronology.domain.match_decision import Judgement
from chronology.errors import ChronologyError
from chronology.records import EntryRecord, ExtractMetadata, ParsedExtract, RowRef
from chronology.strategy_subjects import SHEET, Subject, subjects_for
from chronology.vocabulary import Agency, EventType

if TYPE_CHECKING:
    from chronology.service import ChronologyService

MAX_NAME = 200
MAX_SUMMARY = 500  # as the canonical extract's summary
MAX_TEXT = 4000
MAX_PARTIES = 60
DEFAULT_SUMMARY = "Strategy discussion"
AGENCY_CODES = frozenset(agency.value for agency in Agency)
SAME_PERSON = "chosen as the same person when recording a strategy discussion"


class DiscussionRefused(ChronologyError):
    """A strategy discussion that cannot be recorded as given (nothing was stored)."""


@dataclass(frozen=True)
class StrategyDiscussion:
    """The form, checked: who held it, when, about whom, who was invited and came, outcome."""

    organisation: str
    occurred: date
    subjects: tuple[str, ...]
    invited: tuple[str, ...]
    attended: tuple[str, ...]
    outcome: str
    summary: str

    @classmethod
    def of(
        cls,
        organisation: str,
        occurred: date,
        subjects: list[str],
        invited: list[str],
        attended: list[str],
        outcome: str,
        summary: str | None = None,
        today: date | None = None,
    ) -> StrategyDiscussion:
        if occurred > (today or datetime.now(LONDON).date()):
            raise DiscussionRefused(
                f"the discussion is dated {occurred:%d/%m/%Y}, after today; record it once held"
            )
        chosen = tuple(dict.fromkeys(s.strip() for s in subjects if s.strip()))
        if not chosen:
            raise DiscussionRefused("a strategy discussion needs at least one subject (a person)")
        return cls(
            organisation=_text(organisation, "organisation", MAX_NAME),
            occurred=occurred,
            subjects=chosen,
            invited=_parties(invited, "invited"),
            attended=_parties(attended, "attended"),
            outcome=_text(outcome, "outcome", MAX_TEXT),
            summary=_text(summary or DEFAULT_SUMMARY, "summary", MAX_SUMMARY),
        )


def _text(value: str | None, what: str, limit: int) -> str:
    """Refusals name the field, never its content."""
    text = " ".join((value or "").split()) if what != "outcome" else (value or "").strip()
    if not text:
        raise DiscussionRefused(f"the {what} is empty; give one")
    if len(text) > limit:
        raise DiscussionRefused(f"the {what} has {len(text):,} characters; the limit is {limit:,}")
    return text


def _parties(values: list[str], what: str) -> tuple[str, ...]:
    """Agency codes (as codes) or organisation names, `;`-separated or one by one, each once."""
    found: dict[str, str] = {}
    for value in values:
        for part in value.split(";"):
            name = " ".join(part.split())
            if not name:
                continue
            if len(name) > MAX_NAME:
                raise DiscussionRefused(f"a name in {what} is longer than {MAX_NAME} characters")
            code = name.casefold()
            found.setdefault(code, code if code in AGENCY_CODES else name)
    if len(found) > MAX_PARTIES:
        raise DiscussionRefused(f"{what} names {len(found)}; the limit is {MAX_PARTIES}")
    return tuple(found.values())


@dataclass(frozen=True)
class Chair:
    """The chair's organisation as its earlier extracts in the case describe it."""

    organisation: str
    agency: Agency
    area: str | None


def chair_of(
    organisation: str, extracts: list[dict[str, Any]], agency: str | None, area: str | None
) -> Chair:
    key = ids.organisation_key(organisation)
    earlier = [row for row in extracts if ids.organisation_key(row["organisation"]) == key]
    if not earlier:
        if not agency:
            raise DiscussionRefused(
                "this organisation has sent no extract to the case, so its agency is unknown;"
                " give its agency code"
            )
        return Chair(organisation, _agency(agency), area)
    last = earlier[-1]
    if agency and _agency(agency) != last["agency"]:
        raise DiscussionRefused(
            f"this organisation sends its extracts as agency {last['agency']}; give that"
            " agency code or none"
        )
    return Chair(str(last["organisation"]), Agency(last["agency"]), last["area"])


def _agency(code: str) -> Agency:
    try:
        return Agency(code.strip().casefold())
    except ValueError:
        raise DiscussionRefused(
            f"{code.strip()[:40]!r} is not an agency code; use one of"
            f" {', '.join(agency.value for agency in Agency)}"
        ) from None


def record_ref_for(occurred: date, subjects: list[Subject]) -> str:
    refs = orjson.dumps(sorted(subject.person_ref for subject in subjects))
    return f"chronology-sd-{occurred.isoformat()}-{hashlib.sha256(refs).hexdigest()[:8]}"


def parsed_extract(
    discussion: StrategyDiscussion,
    chair: Chair,
    subjects: list[Subject],
    recorded_on: date,
) -> ParsedExtract:
    """The discussion as a validated one-entry extract of the chair's organisation."""
    refs = tuple(subject.person_ref for subject in subjects)
    entry = EntryRecord(
        origin=RowRef(sheet=SHEET, row=1),
        record_ref=record_ref_for(discussion.occurred, subjects),
        occurred=FuzzyDate.of(discussion.occurred),
        recorded_on=FuzzyDate.of(recorded_on),
        event_type=EventType("strategy_discussion"),
        subjects=refs,
        summary=discussion.summary,
        source="strategy discussion form",
        invited=discussion.invited,
        attended=discussion.attended,
        outcome=discussion.outcome,
    )
    content = {
        "organisation": ids.organisation_key(chair.organisation),
        "occurred": discussion.occurred.isoformat(),
        "subjects": sorted(refs),
        "invited": discussion.invited,
        "attended": discussion.attended,
        "outcome": discussion.outcome,
        "summary": discussion.summary,
    }
    return ParsedExtract(
        file_name=f"strategy-discussion-{discussion.occurred.isoformat()}.page",
        file_sha256=hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest(),
        metadata=ExtractMetadata(
            organisation=chair.organisation, agency=chair.agency, area=chair.area
        ),
        people=tuple(subject.new_row for subject in subjects if subject.new_row is not None),
        entries=(entry,),
    )


def record(
    service: ChronologyService,
    case_ref: str,
    discussion: StrategyDiscussion,
    mention_records: dict[str, dict[str, Any]],
    by: str,
    agency: str | None = None,
    area: str | None = None,
) -> ImportOutcome:
    """Imports the discussion, then makes sure each new subject row joined its person.
    `mention_records` are the case's stored person records by mention id."""
    by = _text(by, "name of who records it", MAX_NAME)
    chair = chair_of(discussion.organisation, service.extracts(case_ref), agency, area)
    people = service.people(case_ref).people
    subjects = subjects_for(
        case_ref, chair.organisation, discussion.subjects, people, mention_records
    )
    record_ref = record_ref_for(discussion.occurred, subjects)
    recorded_on = _recorded_on(service, case_ref, chair.organisation, record_ref)
    parsed = parsed_extract(discussion, chair, subjects, recorded_on)
    outcome = service.import_parsed(parsed, case_ref, by)
    _join_new_rows(service, case_ref, subjects, by)
    return outcome


def _recorded_on(service: ChronologyService, case_ref: str, organisation: str, ref: str) -> date:
    """Today for a new discussion; for a correction, the day it was first recorded. Refused
    if the organisation's own records hold that ref (it would amend their entry)."""
    history = service.app.entry_history(case_ref, organisation, ref)
    if not history:
        return datetime.now(LONDON).date()
    first = history[0]
    if first.provenance.sheet != SHEET:  # type: ignore[attr-defined]
        raise DiscussionRefused(
            f"the organisation's own entry {ref} has the reference this discussion would use"
        )
    recorded = first.record.recorded_on  # type: ignore[attr-defined]
    return recorded.start if recorded else datetime.now(LONDON).date()


def _join_new_rows(
    service: ChronologyService, case_ref: str, subjects: list[Subject], by: str
) -> None:
    """A new row that matching left apart from its person is joined by the chair's choice,
    recorded as a reviewer's "same person" decision (it shows as such, with its reason)."""
    new = [subject for subject in subjects if subject.new_mention_id is not None]
    if not new:
        return
    person_of = {
        mention.mention_id: person.id
        for person in service.people(case_ref).people
        for mention in person.mentions
    }
    for subject in new:
        mention = str(subject.new_mention_id)
        if person_of.get(mention) != person_of.get(subject.person.id):
            service.decide_match(
                case_ref, UUID(subject.person.id), UUID(mention), Judgement.SAME, by, SAME_PERSON
            )
