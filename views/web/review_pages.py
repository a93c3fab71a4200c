"""The reviewer's tools on a case, each recorded as an event with who and when: the review
period, significance (RAG) and analysis notes on entries, key practice episodes, person-match
decisions, and the chair's record of a strategy discussion.

Forms post here and come back to the page they were sent from; every form carries the
session's CSRF token, and every refusal says what to change without echoing a record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chronology.dates import DateError, parse_date
from chronology.domain.access import Via
from chronology.domain.account import Role
from chronology.domain.match_decision import Judgement
from chronology.domain.review_work import Rag
from chronology.errors import ChronologyError
from chronology.projections.timeline_query import TimelineQuery
from views.people_output import candidate_documents
from views.timeline_output import uk_date
from views.web import case_view
from views.web.access import ServiceDep, readable_case
from views.web.pages import TEMPLATES
from views.web.sessions import PageAccount, csrf_token, form_case

router = APIRouter(include_in_schema=False)
REVIEW = (Role.ADMIN, Role.REVIEWER)
DISCUSS = (Role.ADMIN, Role.REVIEWER, Role.CHAIR)
JUDGEMENTS = {"confirm": Judgement.SAME, "reject": Judgement.DIFFERENT, "undo": None}
Text = Annotated[str, Form(max_length=4000)]
Csrf = Annotated[str, Form(max_length=100)]


def _case_url(case: str, tail: str = "") -> str:
    return f"/cases/{quote(case, safe='')}{tail}"


def _attempt(act: Callable[[], Any]) -> Any:
    try:
        return act()
    except ChronologyError as problem:
        raise HTTPException(422, str(problem)) from None


def _day(value: str, label: str) -> date:
    try:
        return parse_date(value).start
    except DateError as problem:
        raise HTTPException(422, f"{label}: {problem}") from None


@router.post("/cases/{case}/review/period")
def review_period(
    request: Request,
    case: str,
    service: ServiceDep,
    account: PageAccount,
    start: Annotated[str, Form(max_length=40)],
    end: Annotated[str, Form(max_length=40)],
    csrf: Csrf,
) -> Response:
    """The period the review covers; the case page opens on it."""
    case = form_case(request, service, account, case, csrf, REVIEW, "set the review period")
    first, last = _day(start, "Review period from"), _day(end, "Review period to")
    _attempt(lambda: service.set_review_period(case, first, last, account.name))
    return RedirectResponse(_case_url(case), status_code=303)


@router.get("/cases/{case}/entries/{entry_id}", response_class=HTMLResponse)
def entry_page(
    request: Request, case: str, entry_id: str, service: ServiceDep, account: PageAccount
) -> Response:
    """One entry in full, with its significance, analysis notes and episodes."""
    if account.role is Role.UPLOADER:
        raise HTTPException(403, "uploaders see their own entries on the case page")
    case = readable_case(service, account, case, "entry", Via.PAGE)
    entry = next((e for e in service.timeline(case) if e["id"] == entry_id), None)
    if entry is None:
        raise HTTPException(404, "there is no such entry in this case")
    work = service.review_work(case)
    context = {
        "account": account,
        "csrf": csrf_token(request),
        "case": case,
        "case_path": quote(case, safe=""),
        "entry": entry,
        "date": uk_date(entry["occurred"], entry["uncertain"]),
        "review": work.entries.get(entry_id),
        "episodes": [episode for episode in work.episodes if entry_id in episode.entry_ids],
        "may_review": account.role in REVIEW,
        "rags": [rag.value for rag in Rag],
    }
    return TEMPLATES.TemplateResponse(request, "entry.html", context)


@router.post("/cases/{case}/entries/{entry_id}/rating")
def rate_entry(
    request: Request,
    case: str,
    entry_id: str,
    service: ServiceDep,
    account: PageAccount,
    rag: Annotated[str, Form(max_length=10)],
    csrf: Csrf,
) -> Response:
    case = form_case(request, service, account, case, csrf, REVIEW, "rate entries")
    if rag not in {*(item.value for item in Rag), "clear"}:
        raise HTTPException(422, "choose red, amber, green or clear")
    chosen = None if rag == "clear" else Rag(rag)
    _attempt(lambda: service.rate_entry(case, entry_id, chosen, account.name))
    return RedirectResponse(_case_url(case, f"/entries/{quote(entry_id)}"), status_code=303)


@router.post("/cases/{case}/entries/{entry_id}/notes")
def note_entry(
    request: Request,
    case: str,
    entry_id: str,
    service: ServiceDep,
    account: PageAccount,
    text: Text,
    csrf: Csrf,
) -> Response:
    case = form_case(request, service, account, case, csrf, REVIEW, "add analysis notes")
    _attempt(lambda: service.note_entry(case, entry_id, text, account.name))
    return RedirectResponse(_case_url(case, f"/entries/{quote(entry_id)}"), status_code=303)


@router.post("/cases/{case}/episodes")
def add_episode(
    request: Request,
    case: str,
    service: ServiceDep,
    account: PageAccount,
    name: Annotated[str, Form(max_length=200)],
    csrf: Csrf,
    entry: Annotated[list[str] | None, Form()] = None,
    description: Text = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """A key practice episode from the entries ticked in the table."""
    case = form_case(request, service, account, case, csrf, REVIEW, "group entries")
    if not entry:
        raise HTTPException(422, "tick one or more entries in the table for the episode")
    _attempt(lambda: service.add_episode(case, name, entry, account.name, description or None))
    return RedirectResponse(_case_url(case, _back(back) + "#episodes"), status_code=303)


@router.post("/cases/{case}/episodes/{episode_id}")
def change_episode(
    request: Request,
    case: str,
    episode_id: str,
    service: ServiceDep,
    account: PageAccount,
    action: Annotated[str, Form(max_length=20)],
    csrf: Csrf,
    entry: Annotated[list[str] | None, Form()] = None,
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Add the ticked entries to an episode, take them out, or remove the episode."""
    case = form_case(request, service, account, case, csrf, REVIEW, "change episodes")
    if action == "remove":
        _attempt(lambda: service.remove_episode(case, episode_id, account.name))
    elif action in ("add", "take-out"):
        if not entry:
            raise HTTPException(422, "tick one or more entries in the table first")
        episode = next((e for e in service.review_work(case).episodes if e.id == episode_id), None)
        if episode is None:
            raise HTTPException(404, "there is no such episode in this case")
        kept = [one for one in episode.entry_ids if one not in entry]
        wanted = [*episode.entry_ids, *(one for one in entry if one not in episode.entry_ids)]
        chosen = wanted if action == "add" else kept
        _attempt(lambda: service.change_episode(case, episode_id, account.name, entry_ids=chosen))
    else:
        raise HTTPException(422, "choose add, take-out or remove")
    return RedirectResponse(_case_url(case, _back(back) + "#episodes"), status_code=303)


@router.get("/cases/{case}/people", response_class=HTMLResponse)
def people_page(request: Request, case: str, service: ServiceDep, account: PageAccount) -> Response:
    """The case's people and the possible matches a reviewer should confirm or reject."""
    if account.role is Role.UPLOADER:
        raise HTTPException(403, "uploaders see their own entries on the case page")
    case = readable_case(service, account, case, "people", Via.PAGE)
    case_people = service.people(case)
    context = {
        "account": account,
        "csrf": csrf_token(request),
        "case": case,
        "case_path": quote(case, safe=""),
        "people": sorted(case_people.people, key=lambda person: (not person.is_child, person.name)),
        "candidates": candidate_documents(case_people),
        "may_review": account.role in REVIEW,
    }
    return TEMPLATES.TemplateResponse(request, "people.html", context)


@router.post("/cases/{case}/matches")
def decide_match(
    request: Request,
    case: str,
    service: ServiceDep,
    account: PageAccount,
    left: Annotated[str, Form(max_length=40)],
    right: Annotated[str, Form(max_length=40)],
    judgement: Annotated[str, Form(max_length=10)],
    csrf: Csrf,
    reason: Text = "",
) -> Response:
    """Confirm (the same person), reject (different people) or undo, with the reason kept."""
    case = form_case(request, service, account, case, csrf, REVIEW, "decide matches")
    if judgement not in JUDGEMENTS:
        raise HTTPException(422, "choose confirm, reject or undo")
    try:
        pair = UUID(left), UUID(right)
    except ValueError:
        raise HTTPException(422, "the pair of records is not recognised; reload the page") from None
    _attempt(
        lambda: service.decide_match(
            case, pair[0], pair[1], JUDGEMENTS[judgement], account.name, reason or None
        )
    )
    return RedirectResponse(_case_url(case, "/people#matches"), status_code=303)


@router.get("/cases/{case}/strategy-discussion", response_class=HTMLResponse)
def discussion_form(
    request: Request, case: str, service: ServiceDep, account: PageAccount
) -> Response:
    """The chair's record of a strategy discussion: invited defaults to the agencies involved
    in the last 90 days."""
    if account.role not in DISCUSS:
        raise HTTPException(403, "your role may not record strategy discussions")
    case = readable_case(service, account, case, "strategy discussion form", Via.PAGE)
    entries = service.timeline(case, TimelineQuery())
    today = date.today()
    latest = max((date.fromisoformat(e["occurred_from"][:10]) for e in entries), default=today)
    involved = case_view.involved(entries, min(latest, today))
    held_by = {entry["organisation"]: entry["agency"] for entry in entries}
    social_care = [name for name, agency in held_by.items() if agency == "childrens_social_care"]
    mine = [name for name in held_by if account.belongs_to(name)]
    context = {
        "account": account,
        "csrf": csrf_token(request),
        "case": case,
        "case_path": quote(case, safe=""),
        "organisations": sorted(held_by),
        "default_org": (mine or sorted(social_care) or sorted(held_by) or [""])[0],
        "involved": {item["organisation"] for item in involved},
        "children": [p for p in service.people(case).people if p.is_child],
        "today": f"{today:%d/%m/%Y}",
    }
    return TEMPLATES.TemplateResponse(request, "discussion.html", context)


@router.post("/cases/{case}/strategy-discussion")
def record_discussion(
    request: Request,
    case: str,
    service: ServiceDep,
    account: PageAccount,
    organisation: Annotated[str, Form(max_length=200)],
    occurred: Annotated[str, Form(max_length=40)],
    outcome: Text,
    csrf: Csrf,
    subject: Annotated[list[str] | None, Form()] = None,
    invited: Annotated[list[str] | None, Form()] = None,
    attended: Annotated[list[str] | None, Form()] = None,
    summary: Text = "",
) -> Response:
    """Stored as an entry of the chair's organisation, so the rules see it at once."""
    case = form_case(request, service, account, case, csrf, DISCUSS, "record strategy discussions")
    on = _day(occurred, "Date of the discussion")
    if not subject:
        raise HTTPException(422, "tick the child or children the discussion was about")
    _attempt(
        lambda: service.record_strategy_discussion(
            case,
            organisation,
            on,
            subject,
            invited or [],
            attended or [],
            outcome,
            summary or None,
            account.name,
        )
    )
    return RedirectResponse(
        _case_url(case, f"?from={on.isoformat()}&to={on.isoformat()}#flags"), status_code=303
    )


def _back(back: str) -> str:
    return back if back.startswith("?") else ""
