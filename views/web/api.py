"""`/api/...`: the same JSON shapes as the command line's `--json` (CONTRACT.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import (
    APIRouter,
    File,
    Form,
    Header,
    HTTPException,
    Query,
    Request,
    Response,
    UploadFile,
)
from fastapi.responses import JSONResponse

from chronology.dates import DateError, parse_date
from chronology.domain.access import Via
from chronology.domain.account import Role
from chronology.errors import ExtractRejected
from chronology.projections.timeline_query import TimelineQuery
from chronology.vocabulary import Agency
from views.flags_output import as_json as flags_json
from views.people_output import as_json as people_json
from views.people_output import people_documents
from views.timeline_output import as_json_bytes as timeline_json
from views.web.access import CurrentAccount, ServiceDep, not_for_uploaders, readable_case
from views.web.answer_cache import answer_of
from views.web.export_pages import download, export_request
from views.web.upload_files import (
    MAX_BODY_BYTES,
    MAX_UPLOAD_BYTES,
    UploadFields,
    read_upload,
    uploadable_case,
)
from views.web.upload_public import RejectedPublic, UploadPublic, rejected_public, upload_public

router = APIRouter(prefix="/api", tags=["api"])
JSON = "application/json"
DateParam = Annotated[str | None, Query(description="A day: 2024-03-05 or 05/03/2024")]


@router.get("/cases")
def cases(service: ServiceDep, account: CurrentAccount) -> list[str]:
    """The cases the caller may see."""
    return [ref for ref in service.case_refs() if service.accounts.may_read_case(account, ref)]


@router.get("/cases/{case}/timeline")
def timeline(
    case: str,
    request: Request,
    service: ServiceDep,
    account: CurrentAccount,
    date_from: Annotated[DateParam, Query(alias="from")] = None,
    date_to: Annotated[DateParam, Query(alias="to")] = None,
    as_at: Annotated[DateParam, Query(alias="as-at")] = None,
    agency: Annotated[list[Agency] | None, Query()] = None,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """The merged timeline; an uploader sees only their own organisation's entries.

    Answers are reused while the case's timeline is unchanged; `ETag` and `If-None-Match`
    let a client skip the body when it has the answer already."""
    case = readable_case(service, account, case, "timeline")
    query = TimelineQuery(
        date_from=_day(date_from, "from", start=True),
        date_to=_day(date_to, "to"),
        as_at=_day(as_at, "as-at"),
        agencies=tuple(agency or ()),
    )
    seen_by = account.organisation if account.role is Role.UPLOADER else None

    def build() -> bytes:
        entries = service.timeline(case, query)
        if seen_by is not None:
            entries = [entry for entry in entries if account.belongs_to(entry["organisation"])]
        return timeline_json(entries)

    key = (service.timeline_stamp(case), query, seen_by)
    answer = request.app.state.timeline_answers.get(key, lambda: answer_of(build()))
    headers = {"ETag": answer.etag, "Cache-Control": "private, no-cache"}
    if if_none_match == answer.etag:
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type=JSON, headers=headers)


@router.get("/cases/{case}/people")
def people(case: str, service: ServiceDep, account: CurrentAccount) -> Response:
    """The case's resolved people."""
    not_for_uploaders(account)
    case = readable_case(service, account, case, "people")
    return Response(people_json(people_documents(service.people(case))), media_type=JSON)


@router.get("/cases/{case}/flags")
def flags(
    case: str,
    service: ServiceDep,
    account: CurrentAccount,
    as_at: Annotated[DateParam, Query(alias="as-at")] = None,
) -> Response:
    """The case's flags, most severe first, each with its review."""
    not_for_uploaders(account)
    case = readable_case(service, account, case, "flags")
    found = service.flags(case, _day(as_at, "as-at"))
    return Response(flags_json(found, service.flag_reviews(case)), media_type=JSON)


@router.post(
    "/cases/{case}/extracts",
    status_code=201,
    max_body_size=MAX_BODY_BYTES,
    responses={
        200: {"model": UploadPublic, "description": "Imported before: nothing changed"},
        201: {"model": UploadPublic, "description": "Stored whole"},
        403: {"description": "A chair, or an uploader sending another organisation's"},
        413: {"description": f"The file is over {MAX_UPLOAD_BYTES // 2**20} MB"},
        422: {"model": RejectedPublic, "description": "Every problem; nothing was stored"},
    },
)
def upload(
    case: str,
    service: ServiceDep,
    account: CurrentAccount,
    file: Annotated[
        UploadFile,
        File(
            description="The canonical extract (.xlsx, .zip of CSV files, .json), a CIN census"
            " .xml, an Annex A .xlsx, a FHIR bundle .json, or an agency's own export with a mapping"
        ),
    ],
    organisation: Annotated[str | None, Form(max_length=200)] = None,
    agency: Annotated[str | None, Form(max_length=60, description="e.g. police")] = None,
    area: Annotated[str | None, Form(max_length=200)] = None,
    format: Annotated[
        str | None,
        Form(
            max_length=20, description="canonical, cin-xml, annex-a, fhir, mapped (else recognised)"
        ),
    ] = None,
    mapping: Annotated[
        UploadFile | None, File(description="The mapping file (TOML) for an agency's own export")
    ] = None,
) -> Response:
    """Upload one organisation's extract to the case: stored whole, or (on any error) nothing.
    The form fields win over the file's extract sheet; an uploader's organisation is their own."""
    case = uploadable_case(service, account, case, "upload", Via.API)
    fields = UploadFields(organisation, agency, area, format)
    parsed = read_upload(service, file, account, fields, mapping)
    try:
        outcome = service.import_parsed(parsed, case, account.name)
    except ExtractRejected as rejected:
        return JSONResponse(rejected_public(rejected).model_dump(), status_code=422)
    status = 200 if outcome.already_imported else 201
    return JSONResponse(upload_public(outcome, parsed).model_dump(), status_code=status)


@router.get(
    "/cases/{case}/export",
    responses={
        200: {"description": "The review chronology file"},
        403: {"description": "An uploader: review documents hold every agency's entries"},
        422: {"description": "A format or date that will not do"},
    },
)
def export(
    case: str,
    service: ServiceDep,
    account: CurrentAccount,
    format: Annotated[str, Query(max_length=10, description="docx, xlsx, pdf or csv")],
    date_from: Annotated[DateParam, Query(alias="from")] = None,
    date_to: Annotated[DateParam, Query(alias="to")] = None,
    anonymised: Annotated[bool, Query(description="People as glossary labels")] = False,
) -> Response:
    """The review chronology (the review period, else every entry) as a file."""
    request = export_request(format, date_from, date_to, anonymised)
    return download(service, account, case, request, Via.API)


def _day(value: str | None, name: str, start: bool = False) -> date | None:
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except DateError as problem:
        raise HTTPException(422, f"{name}: {problem}") from None
    return parsed.start if start else parsed.end
