"""Review documents from the web app: the chronology's print view, its downloads (Word,
Excel, PDF, CSV, each optionally anonymised), and the glossary of anonymised labels.

The print view and the PDF are the same HTML. Every view and download is recorded in the
case's access trail; uploaders, who see only their own organisation's entries, get none of
these (a review document holds every agency's).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chronology.dates import DateError, parse_date
from chronology.domain.access import Via
from chronology.domain.account import Account, Role
from chronology.errors import ChronologyError
from chronology.service import ChronologyService
from views.exports.anonymise import default_glossary
from views.exports.document import build_document
from views.exports.files import ExportRequest, UnknownExport, export_bytes
from views.exports.print_view import print_html
from views.web.access import NOT_FOUND, ServiceDep, readable_case
from views.web.pages import TEMPLATES
from views.web.sessions import PageAccount, csrf_token, form_case

router = APIRouter(include_in_schema=False)
READERS = (Role.ADMIN, Role.REVIEWER, Role.CHAIR)
LABELLERS = (Role.ADMIN, Role.REVIEWER)
DayParam = Annotated[str | None, Query(alias="from", max_length=40)]


def export_request(
    format: str, date_from: str | None, date_to: str | None, anonymised: bool
) -> ExportRequest:
    """The request from query parameters; 422 naming the parameter when one will not do."""
    request = ExportRequest(
        format, _day(date_from, "from"), _day(date_to, "to", end=True), anonymised
    )
    try:
        request.chosen()
    except UnknownExport as problem:
        raise HTTPException(422, str(problem)) from None
    return request


def download(
    service: ChronologyService, account: Account, case: str, request: ExportRequest, via: Via
) -> Response:
    """The export as a file download, once the caller may have it (recorded as a read)."""
    case = _for_review(service, account, case, f"export {request.format}", via)
    try:
        body = export_bytes(service, case, request)
    except ChronologyError as problem:
        raise HTTPException(422, str(problem)) from None
    name = request.file_name(case)
    headers = {
        "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store",
    }
    return Response(body, media_type=request.chosen().media_type, headers=headers)


@router.get("/cases/{case}/export")
def export_file(
    case: str,
    service: ServiceDep,
    account: PageAccount,
    format: Annotated[str, Query(max_length=10)],
    date_from: DayParam = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=40)] = None,
    anonymised: bool = False,
) -> Response:
    """The review chronology as a Word, Excel, PDF or CSV download."""
    request = export_request(format, date_from, date_to, anonymised)
    return download(service, account, case, request, Via.PAGE)


@router.get("/cases/{case}/chronology", response_class=HTMLResponse)
def print_view(
    case: str,
    service: ServiceDep,
    account: PageAccount,
    date_from: DayParam = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=40)] = None,
    anonymised: bool = False,
) -> Response:
    """The review chronology as one page to read or print (the PDF is this page)."""
    case = _for_review(service, account, case, "chronology print view", Via.PAGE)
    first, last = _day(date_from, "from"), _day(date_to, "to", end=True)
    document = build_document(service, case, first, last, anonymised=anonymised)
    query = {
        key: value
        for key, value in (("from", date_from), ("to", date_to), ("anonymised", anonymised))
        if value
    }
    return HTMLResponse(print_html(document, case, {k: str(v) for k, v in query.items()}))


@router.get("/cases/{case}/glossary", response_class=HTMLResponse)
def glossary(request: Request, case: str, service: ServiceDep, account: PageAccount) -> Response:
    """Each person's label in anonymised exports: the default, and the reviewers' choice."""
    case = _for_review(service, account, case, "glossary", Via.PAGE)
    people = service.people(case).people
    defaults = default_glossary(service.people(case))
    chosen = service.review_work(case).labels
    rows = [
        {
            "id": person.id,
            "name": person.name,
            "default": defaults.get(person.id, ""),
            "label": chosen.get(person.id, ""),
        }
        for person in sorted(people, key=lambda p: defaults.get(p.id, p.name))
    ]
    context = {
        "account": account,
        "csrf": csrf_token(request),
        "case": case,
        "case_path": quote(case, safe=""),
        "rows": rows,
        "may_label": account.role in LABELLERS,
    }
    return TEMPLATES.TemplateResponse(request, "glossary.html", context)


@router.post("/cases/{case}/glossary")
def set_label(
    request: Request,
    case: str,
    service: ServiceDep,
    account: PageAccount,
    person: Annotated[str, Form(max_length=100)],
    label: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)],
) -> Response:
    """One person's label (blank: back to the default)."""
    case = form_case(request, service, account, case, csrf, LABELLERS, "set labels")
    try:
        service.set_label(case, person, label, account.name)
    except ChronologyError as problem:
        raise HTTPException(422, str(problem)) from None
    return RedirectResponse(f"/cases/{quote(case, safe='')}/glossary", status_code=303)


def _for_review(
    service: ChronologyService, account: Account, case: str, what: str, via: Via
) -> str:
    """The case, if the caller may have its review documents (404 if it is not given to
    them, 403 for uploaders); the read is then recorded."""
    if not service.accounts.may_read_case(account, case):
        raise HTTPException(404, NOT_FOUND)
    if account.role not in READERS:
        raise HTTPException(
            403, "review documents hold every agency's entries; uploaders see their own only"
        )
    return readable_case(service, account, case, what, via)


def _day(value: str | None, name: str, end: bool = False) -> date | None:
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except DateError as problem:
        raise HTTPException(422, f"{name}: {problem}") from None
    return parsed.end if end else parsed.start
