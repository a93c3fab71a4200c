"""The case page, `/cases/{case}`: the strategy-discussion chair's and reviewer's view.

One page, printable, no JavaScript: the lanes picture and the filtered table, the flags with
their evidence and review actions, the family network, the agencies involved in the last 90
days, the cumulative concern chart, and "what did this organisation know then". Every view of
the page (and of its chart) is recorded in the case's access trail.

Uploaders see only their own organisation's entries here: no flags, people or family picture,
which would tell them what other agencies hold.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chronology.dates import LONDON
from chronology.domain.access import Via
from chronology.domain.account import Account, Role
from chronology.errors import ChronologyError
from chronology.flag_reviews import CaseReviews
from chronology.people.graph import build_graph
from chronology.projections.timeline_query import TimelineQuery
from chronology.review_work import ReviewWork
from chronology.service import ChronologyService
from chronology.vocabulary import EventGroup
from views.concern_chart import case_chart_png
from views.family_svg import render_family_svg
from views.flags_output import ACTION_WORDS
from views.timeline_output import uk_date
from views.timeline_svg import GROUP_LABELS, marks_from, render_lanes
from views.web import case_view
from views.web.access import ServiceDep, readable_case
from views.web.page_cache import CSRF_MARK, KeptPage, Viewer, page_key
from views.web.pages import TEMPLATES
from views.web.sessions import PageAccount, csrf_token, form_case

router = APIRouter(include_in_schema=False)
REVIEWERS = (Role.ADMIN, Role.REVIEWER, Role.CHAIR)
FLAG_ACTIONS = ("note", "reviewed", "dismiss", "reopen")


@router.get("/cases/{case}", response_class=HTMLResponse)
def case_page(request: Request, case: str, service: ServiceDep, account: PageAccount) -> Response:
    case = readable_case(service, account, case, "case page", Via.PAGE)
    key = page_key(service, case, account, request.url.query)
    page: KeptPage = request.app.state.case_pages.get(
        key, lambda: _page(request, service, case, account)
    )
    return HTMLResponse(page.for_viewer(account, csrf_token(request)))


def _page(request: Request, service: ChronologyService, case: str, account: Account) -> KeptPage:
    """The page as every viewer with this account's role sees it (`page_cache.py`)."""
    filters = case_view.read_filters(request.query_params, request.query_params.getlist)
    entries = service.timeline(case, TimelineQuery(as_at=filters.as_at))
    if account.role is Role.UPLOADER:
        entries = [entry for entry in entries if account.belongs_to(entry["organisation"])]
    work = service.review_work(case) if account.role is not Role.UPLOADER else None
    review = (work.period.start, work.period.end) if work and work.period else None
    start, end, default_period = case_view.period(filters, entries, review)
    context: dict[str, Any] = {
        "account": Viewer(account.role),
        "csrf": CSRF_MARK,
        "case": case,
        "case_path": quote(case, safe=""),
        "filters": filters,
        "start": start,
        "end": end,
        "default_period": default_period,
        "groups": [(group.value, GROUP_LABELS[group]) for group in EventGroup],
        "organisations": sorted({entry["organisation"] for entry in entries}),
        "may_review": account.role in REVIEWERS,
        "may_analyse": account.role in (Role.ADMIN, Role.REVIEWER),
        "may_discuss": account.role in REVIEWERS,
        "action_words": ACTION_WORDS,
        "work": work,
        "in_review_period": review is not None and (start, end) == review,
    }
    if account.role is Role.UPLOADER:
        context.update(_uploader_view(entries, filters, start, end))
    else:
        context.update(_full_view(service, case, entries, filters, start, end))
        _add_review_work(context["rows"], work)
        context["episodes"] = _episodes(work, entries) if work else []
    return KeptPage.of(TEMPLATES.get_template("case.html").render(context).encode())


def _uploader_view(
    entries: list[dict[str, Any]], filters: case_view.Filters, start: Any, end: Any
) -> dict[str, Any]:
    rows = case_view.table_rows(entries, filters, start, end, {})
    shown = {row["id"] for row in rows}
    marks = marks_from((entry for entry in entries if entry["id"] in shown), set())
    return {
        "rows": rows,
        "lanes": render_lanes(marks, start, end, "Your organisation's entries"),
        "people": [],
    }


def _full_view(
    service: ChronologyService,
    case: str,
    entries: list[dict[str, Any]],
    filters: case_view.Filters,
    start: Any,
    end: Any,
) -> dict[str, Any]:
    flags = service.flags(case, filters.as_at)
    reviews = service.flag_reviews(case)
    index = case_view.evidence_index(entries)
    flagged = case_view.flagged_entries(flags, index)
    rows = case_view.table_rows(entries, filters, start, end, flagged)
    shown = {row["id"] for row in rows}

    def link(entry: dict[str, Any]) -> str:
        if entry["id"] in shown:
            return f"#e-{entry['id']}"
        day = str(entry["occurred_from"])[:10]
        wider = filters.query(**{"from": day, "to": day, "flagged": None, "q": None})
        return f"?{wider}#e-{entry['id']}"

    case_people = service.people(case)
    graph = build_graph(case_people.people, case_people.relationships)
    marks = marks_from((entry for entry in entries if entry["id"] in shown), set(flagged))
    return {
        "rows": rows,
        "lanes": render_lanes(marks, start, end, f"Case {case}: entries by organisation"),
        "panel": case_view.flag_panel(flags, index, reviews, link),
        "flag_count": len(flags),
        "reviews": reviews,
        "involved": case_view.involved(entries, filters.as_at or end),
        "involved_end": filters.as_at or end,
        "family": render_family_svg(graph, f"Case {case}", filters.as_at or end),
        "people": sorted(
            ((person.id, person.name) for person in case_people.people), key=lambda p: p[1]
        ),
        "knowledge": _knowledge(service, case, filters, end),
        "reviews_history": _history(reviews),
    }


def _add_review_work(rows: list[dict[str, Any]], work: ReviewWork | None) -> None:
    """Each row's significance (RAG) and analysis notes, from the reviewers' work."""
    for row in rows:
        review = work.entries.get(row["id"]) if work else None
        row["rag"] = review.rating.rag.value if review and review.rating else ""
        row["analysis"] = [note.text for note in review.notes] if review else []


def _episodes(work: ReviewWork, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The key practice episodes, each with its entries in timeline order."""
    by_id = {entry["id"]: entry for entry in entries}
    return [
        {
            "id": episode.id,
            "name": episode.name,
            "description": episode.description or "",
            "by": episode.changed_by or episode.by,
            "at": _uk_time(episode.changed_at or episode.at),
            "entries": [
                _episode_entry(by_id[one])
                for one in sorted(
                    (one for one in episode.entry_ids if one in by_id),
                    key=lambda one: by_id[one]["occurred_from"],
                )
            ],
        }
        for episode in work.episodes
    ]


def _episode_entry(entry: dict[str, Any]) -> dict[str, str]:
    return {
        "id": entry["id"],
        "date": uk_date(entry["occurred"], entry["uncertain"]),
        "label": f"{entry['organisation']} {entry['source']['record_ref']}",
        "event": entry["event_type"].replace("_", " "),
    }


def _knowledge(
    service: ChronologyService, case: str, filters: case_view.Filters, end: Any
) -> dict[str, Any] | None:
    if not filters.knew:
        return None
    try:
        briefing = service.knowledge(case, filters.knew, filters.as_at or end)
    except ChronologyError as problem:
        return {"problem": str(problem)}
    return {
        "organisation": briefing.organisation,
        "on": f"{briefing.on:%d/%m/%Y}",
        "not_known": [_briefing_row(row) for row in briefing.not_known],
        "known": [
            {**_briefing_row(row), "how": held.describe(briefing.refs)}
            for row, held in briefing.known
        ],
    }


def _briefing_row(row: Any) -> dict[str, str]:
    return {
        "date": f"{row.occurred_day:%d/%m/%Y}",
        "organisation": row.organisation,
        "record_ref": row.record_ref,
        "event": row.event_type.replace("_", " "),
        "summary": str(row.summary or ""),
        "id": row.id,
    }


def _history(reviews: CaseReviews) -> dict[str, list[dict[str, str]]]:
    return {
        flag_id: [
            {
                "action": ACTION_WORDS.get(action.action, action.action),
                "by": action.by,
                "at": _uk_time(action.at),
                "text": action.text or "",
            }
            for action in review.history
        ]
        for flag_id, review in reviews.reviews.items()
    }


def _uk_time(at: datetime) -> str:
    return f"{at.astimezone(LONDON):%d/%m/%Y %H:%M}"


@router.get("/cases/{case}/concern.png")
def concern_chart(
    request: Request, case: str, service: ServiceDep, account: PageAccount
) -> Response:
    """The cumulative concern chart as a picture (the page's <img>)."""
    _not_uploader(account)
    case = readable_case(service, account, case, "concern chart", Via.PAGE)
    filters = case_view.read_filters(request.query_params, request.query_params.getlist)
    png = case_chart_png(case, service.concern_series(case, filters.as_at))
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.post("/cases/{case}/flags/{flag_id}")
def review_flag(
    request: Request,
    case: str,
    flag_id: str,
    service: ServiceDep,
    account: PageAccount,
    action: Annotated[str, Form(max_length=20)],
    csrf: Annotated[str, Form(max_length=100)],
    text: Annotated[str, Form(max_length=4000)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """A note, "reviewed", a dismissal (with its reason) or a reopening, by the signed-in user."""
    case = form_case(request, service, account, case, csrf, REVIEWERS, "review flags")
    if action not in FLAG_ACTIONS:
        raise HTTPException(422, "choose note, reviewed, dismiss or reopen")
    try:
        _act(service, case, flag_id, action, text, account.name)
    except ChronologyError as problem:
        raise HTTPException(422, str(problem)) from None
    query = back if back.startswith("?") or not back else ""
    return RedirectResponse(
        f"/cases/{quote(case, safe='')}{query}#flag-{quote(flag_id, safe='')}", status_code=303
    )


def _act(
    service: ChronologyService, case: str, flag_id: str, action: str, text: str, by: str
) -> None:
    if action == "note":
        service.note_flag(case, flag_id, text, by)
    elif action == "reviewed":
        service.mark_flag_reviewed(case, flag_id, by, text or None)
    elif action == "dismiss":
        service.dismiss_flag(case, flag_id, text, by)
    else:
        service.reopen_flag(case, flag_id, by, text or None)


def _not_uploader(account: Account) -> None:
    if account.role is Role.UPLOADER:
        raise HTTPException(403, "uploaders see only their own organisation's timeline")
