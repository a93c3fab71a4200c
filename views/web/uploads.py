"""The upload page (CONTRACT.md's `/cases/{case}/upload`) and the blank template workbook.

Choose a file; see every problem in it (nothing stored), or a preview of what it would add,
amend and withdraw; then confirm, which stores it. The parsed upload waits in memory
(`pending_uploads`) under a token kept in the session and carried by the confirm form, so
the confirm stores the very upload that was previewed, and only for the account and case
that previewed it. If another upload changed the case in between, the import plans again
and the outcome page says so.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chronology.domain.access import Via
from chronology.domain.account import Account, Role
from chronology.errors import ExtractRejected
from chronology.import_preview import ImportPreview
from chronology.problems import Problem
from chronology.records import ParsedExtract
from chronology.vocabulary import Agency
from views.template_workbook import TEMPLATE_NAME, template_bytes
from views.web.access import ServiceDep
from views.web.pages import TEMPLATES
from views.web.pending_uploads import PendingUploads, pending_uploads
from views.web.sessions import PageAccount, check_csrf, csrf_token
from views.web.upload_files import (
    MAX_BODY_BYTES,
    MAX_UPLOAD_BYTES,
    UploadFields,
    fix_for,
    may_upload,
    ordered,
    read_upload,
    uploadable_case,
)

router = APIRouter(include_in_schema=False)
PendingDep = Annotated[PendingUploads, Depends(pending_uploads)]
CsrfField = Annotated[str, Form(max_length=100)]
FORMAT_CHOICES = (
    ("canonical", "The chronology extract (our template workbook, zip or JSON)"),
    ("cin-xml", "DfE Children in Need census (XML)"),
    ("annex-a", "Ofsted Annex A workbook (lists 1 to 8)"),
    ("fhir", "FHIR R4 bundle (JSON), e.g. from a GP or hospital system"),
    ("mapped", "Your own system's export, with a mapping file"),
)
TextField = Annotated[str | None, Form(max_length=200)]
SESSION_KEY = "upload"
PREVIEW_ROWS = 500  # a page, not the whole of a 100,000-row extract
GONE = (
    "That preview is no longer waiting: it was confirmed or cancelled already, it expired "
    "after 30 minutes, or it was replaced by a newer upload. Choose the file again."
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/cases/{case}/upload", response_class=HTMLResponse)
def upload_page(request: Request, case: str, service: ServiceDep, account: PageAccount) -> Response:
    return _form(request, account, may_upload(service, account, case), UploadFields())


@router.post("/cases/{case}/upload", response_class=HTMLResponse, max_body_size=MAX_BODY_BYTES)
def check_upload(
    request: Request,
    case: str,
    service: ServiceDep,
    account: PageAccount,
    held: PendingDep,
    file: Annotated[UploadFile, File()],
    csrf: CsrfField,
    organisation: TextField = None,
    agency: Annotated[str | None, Form(max_length=60)] = None,
    area: TextField = None,
    format: Annotated[str | None, Form(max_length=20)] = None,
    mapping: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Every problem (422, nothing stored), or the preview with a confirm button."""
    check_csrf(request, csrf)
    case = uploadable_case(service, account, case, "upload preview", Via.PAGE)
    fields = UploadFields(organisation, agency, area, format)
    try:
        parsed = read_upload(service, file, account, fields, mapping)
    except HTTPException as refused:  # another organisation's, too large, no such format
        if refused.status_code not in (403, 413, 422):
            raise
        problem = str(refused.detail)
        return _form(request, account, case, fields, problem=problem, status=refused.status_code)
    try:
        preview = service.preview_import(parsed, case, account.name)
    except ExtractRejected as rejected:
        report = _report(parsed, rejected.problems)
        return _form(request, account, case, fields, report=report, status=422)
    return _preview(request, account, held, parsed, preview)


@router.post("/cases/{case}/upload/confirm", response_class=HTMLResponse)
def confirm_upload(
    request: Request,
    case: str,
    service: ServiceDep,
    account: PageAccount,
    held: PendingDep,
    csrf: CsrfField,
    token: Annotated[str, Form(max_length=100)],
) -> Response:
    """Stores the previewed upload, once, and shows what it did."""
    check_csrf(request, csrf)
    case = may_upload(service, account, case)
    sent = request.session.get(SESSION_KEY)
    same = isinstance(sent, str) and secrets.compare_digest(sent, token)
    pending = held.take(token, account.name, case) if same else None
    if same:
        request.session.pop(SESSION_KEY)
    if pending is None:
        return _form(request, account, case, UploadFields(), problem=GONE, status=410)
    service.accounts.record_access(account, case, "upload", Via.PAGE)
    outcome = service.import_parsed(pending.parsed, case, account.name)
    context = _context(request, account, case)
    context |= {"outcome": outcome, "parsed": pending.parsed}
    context["changed_since"] = outcome.counts != pending.counts
    return TEMPLATES.TemplateResponse(request, "upload_done.html", context)


@router.post("/cases/{case}/upload/cancel")
def cancel_upload(
    request: Request,
    case: str,
    account: PageAccount,
    held: PendingDep,
    csrf: CsrfField,
    token: Annotated[str, Form(max_length=100)],
) -> Response:
    """Forgets the previewed upload now rather than in 30 minutes."""
    check_csrf(request, csrf)
    held.drop(token, account.name)
    request.session.pop(SESSION_KEY, None)
    return RedirectResponse(f"/cases/{quote(case.strip(), safe='')}/upload", status_code=303)


@router.get("/upload/template.xlsx")
def template_workbook(account: PageAccount) -> Response:
    """The blank canonical extract with instructions and drop-down lists."""
    disposition = f'attachment; filename="{TEMPLATE_NAME}"'
    return Response(template_bytes(), media_type=XLSX, headers={"Content-Disposition": disposition})


def _preview(
    request: Request,
    account: Account,
    held: PendingUploads,
    parsed: ParsedExtract,
    preview: ImportPreview,
) -> Response:
    """The preview page; the upload waits under a new token unless it would change nothing."""
    request.session.pop(SESSION_KEY, None)
    token = None
    if not preview.already_imported:
        token = held.hold(account.name, preview.case_ref, parsed, preview)
        request.session[SESSION_KEY] = token
    context = _context(request, account, preview.case_ref)
    context |= {"preview": preview, "parsed": parsed, "token": token, "limit": PREVIEW_ROWS}
    context["warnings"] = _rows(preview.warnings)
    return TEMPLATES.TemplateResponse(request, "upload_preview.html", context)


def _form(
    request: Request,
    account: Account,
    case: str,
    fields: UploadFields,
    *,
    report: dict[str, Any] | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    context = _context(request, account, case) | {"report": report, "problem": problem}
    context |= {
        "fields": fields,
        "fixed_organisation": account.organisation if account.role is Role.UPLOADER else None,
        "agencies": [agency.value for agency in Agency],
        "formats": FORMAT_CHOICES,
        "max_mb": MAX_UPLOAD_BYTES // 2**20,
    }
    return TEMPLATES.TemplateResponse(request, "upload.html", context, status_code=status)


def _context(request: Request, account: Account, case: str) -> dict[str, Any]:
    return {"account": account, "case": case, "csrf": csrf_token(request)}


def _report(parsed: ParsedExtract, problems: list[Problem]) -> dict[str, Any]:
    errors = sum(problem.is_error for problem in problems)
    return {
        "file": parsed.file_name,
        "errors": errors,
        "warnings": len(problems) - errors,
        "rows": _rows(problems),
    }


def _rows(problems: tuple[Problem, ...] | list[Problem]) -> list[dict[str, str]]:
    return [
        {
            "kind": "Error" if problem.is_error else "Warning",
            "where": _where(problem),
            "message": problem.message,
            "fix": fix_for(problem),
        }
        for problem in ordered(problems)
    ]


def _where(problem: Problem) -> str:
    """The place as a spreadsheet user looks for it: sheet, row, column."""
    parts = [f"sheet {problem.sheet}" if problem.sheet else "the file"]
    if problem.row is not None:
        parts.append(f"row {problem.row}")
    if problem.column:
        parts.append(f"column {problem.column}")
    return ", ".join(parts)
