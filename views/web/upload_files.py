"""Receiving an uploaded extract, for the API and the upload page alike: who may send one to
which case, the size limit, the temporary file, and the problems as the uploader sees them.

The upload is copied into a temporary folder under its own (cleaned) file name, because the
reader goes by the suffix and the name is kept with the extract; the folder is deleted
whatever happens. An uploader sends only their own organisation's extracts: a different
organisation in the form or in the file's extract sheet is refused, and a file that names
none is taken as theirs. Reviewers and administrators may send any organisation's.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from fastapi import HTTPException, UploadFile

from adapters.canonical import MetadataOverrides
from adapters.formats import FORMATS, UnknownFormat
from chronology.domain.access import Via
from chronology.domain.account import Account, Role
from chronology.problems import Problem
from chronology.records import ParsedExtract
from chronology.service import ChronologyService
from views.web.access import NOT_FOUND

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024  # room for the other fields and the framing
MAX_NAME = 120
MAX_MAPPING_BYTES = 1024 * 1024
TOO_LARGE = (
    f"the file is larger than {MAX_UPLOAD_BYTES // 2**20} MB; "
    "send the extract in parts (for example one file per year)"
)


@dataclass(frozen=True)
class UploadFields:
    """The metadata typed beside the file; blank fields leave the file's own values."""

    organisation: str | None = None
    agency: str | None = None
    area: str | None = None
    format: str | None = None  # None or blank: recognised from the file

    def overrides(self, organisation: str | None) -> MetadataOverrides:
        return MetadataOverrides(organisation, _blank(self.agency), _blank(self.area))


def may_upload(service: ChronologyService, account: Account, case: str) -> str:
    """The case if the caller may upload to it; else 404 (not given to them) or 403."""
    if not service.accounts.may_read_case(account, case):
        raise HTTPException(404, NOT_FOUND)
    if account.role is Role.CHAIR:
        raise HTTPException(
            403, "chairs read the chronology; an uploader, reviewer or administrator uploads"
        )
    return case.strip()


def uploadable_case(
    service: ChronologyService, account: Account, case: str, what: str, via: Via
) -> str:
    """As `may_upload`, with the upload recorded in the case's access trail."""
    case = may_upload(service, account, case)
    service.accounts.record_access(account, case, what, via)
    return case


def read_upload(
    service: ChronologyService,
    upload: UploadFile,
    account: Account,
    fields: UploadFields,
    mapping: UploadFile | None = None,
) -> ParsedExtract:
    """The upload read and checked (problems included, never raised) in its format (named in
    the fields, or recognised), with its mapping file if one came; 413 if too large, 403 if
    an uploader sends another organisation's extract, 422 for a format there is not."""
    if account.role is Role.UPLOADER and not _theirs(account, _blank(fields.organisation)):
        raise HTTPException(403, _not_theirs(account))
    format = _format(fields.format)
    with tempfile.TemporaryDirectory(prefix="chronology-upload-") as folder:
        path = Path(folder) / safe_file_name(upload.filename)
        _save(upload, path)
        mapping_path = _saved_mapping(mapping, Path(folder))

        def read(organisation: str | None) -> ParsedExtract:
            overrides = fields.overrides(organisation)
            try:
                return service.read_file(path, overrides, format=format, mapping=mapping_path)
            except UnknownFormat as problem:
                raise HTTPException(422, str(problem)) from None

        if account.role is not Role.UPLOADER:
            return read(_blank(fields.organisation))
        return _read_for_uploader(read, account)


def _read_for_uploader(
    read: Callable[[str | None], ParsedExtract], account: Account
) -> ParsedExtract:
    """Read first as the file says, to see its organisation; read again as the uploader's
    own only when the file names none (or its metadata is unusable)."""
    parsed = read(None)
    if parsed.metadata is not None:
        if not account.belongs_to(parsed.metadata.organisation):
            raise HTTPException(403, _not_theirs(account))
        return parsed
    return read(account.organisation)


def _format(given: str | None) -> str | None:
    chosen = _blank(given)
    if chosen is not None and chosen.lower() not in FORMATS:
        raise HTTPException(422, f"there is no format {chosen!r}; use one of {', '.join(FORMATS)}")
    return chosen


def _saved_mapping(mapping: UploadFile | None, folder: Path) -> Path | None:
    """The mapping file beside the upload (in a folder of its own: the names may clash)."""
    if mapping is None or not mapping.filename:
        return None
    if mapping.size is not None and mapping.size > MAX_MAPPING_BYTES:
        raise HTTPException(413, "the mapping file is larger than 1 MB")
    (folder / "mapping").mkdir()
    path = folder / "mapping" / safe_file_name(mapping.filename)
    mapping.file.seek(0)
    data = mapping.file.read(MAX_MAPPING_BYTES + 1)
    if len(data) > MAX_MAPPING_BYTES:
        raise HTTPException(413, "the mapping file is larger than 1 MB")
    path.write_bytes(data)
    return path


def safe_file_name(name: str | None) -> str:
    """The base name only (no folders), printable, at most MAX_NAME characters."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(character for character in base if character.isprintable()).strip()
    if base in ("", ".", ".."):
        return "upload"
    suffix = PurePosixPath(base).suffix[:10]
    return base[: MAX_NAME - len(suffix)].removesuffix(suffix) + suffix


def _save(upload: UploadFile, path: Path) -> None:
    """Copies the upload to `path`, refusing it (413) once past the limit."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise HTTPException(413, TOO_LARGE)
    upload.file.seek(0)
    written = 0
    with path.open("wb") as handle:
        while block := upload.file.read(1 << 20):
            written += len(block)
            if written > MAX_UPLOAD_BYTES:
                raise HTTPException(413, TOO_LARGE)
            handle.write(block)


def _theirs(account: Account, organisation: str | None) -> bool:
    return organisation is None or account.belongs_to(organisation)


def _not_theirs(account: Account) -> str:
    return (
        f"an uploader sends only {account.organisation}'s extracts; ask a reviewer or an "
        "administrator to upload another organisation's"
    )


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


def ordered(problems: tuple[Problem, ...] | list[Problem]) -> list[Problem]:
    """Errors first (they block), then warnings, each in the file's order."""
    return sorted(problems, key=lambda problem: not problem.is_error)


def fix_for(problem: Problem) -> str:
    """How to put a problem right, from what the reader expected there."""
    if problem.expected == "a value":
        return f"Fill in {problem.column or 'this cell'}: it is required."
    if problem.expected:
        return f"Use {problem.expected}."
    return "Correct this value in the file and upload it again."
