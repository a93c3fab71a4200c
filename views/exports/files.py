"""Which file each export format is, and writing one: the command line and web app share it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chronology.errors import ChronologyError
from chronology.service import ChronologyService
from views.exports.csv_file import write_csv
from views.exports.document import ReviewChronology, build_document
from views.exports.excel import write_xlsx
from views.exports.print_view import write_pdf
from views.exports.word import write_docx


@dataclass(frozen=True)
class ExportFormat:
    write: Callable[[ReviewChronology, Path], None]
    media_type: str
    suffix: str


EXPORTS = {
    "docx": ExportFormat(
        write_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xlsx": ExportFormat(
        write_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
    ),
    "pdf": ExportFormat(write_pdf, "application/pdf", ".pdf"),
    "csv": ExportFormat(write_csv, "text/csv; charset=utf-8", ".csv"),
}


class UnknownExport(ChronologyError):
    """An export format that is not one of `EXPORTS`."""


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the format, the dates (else the review period), anonymised or not."""

    format: str
    date_from: date | None = None
    date_to: date | None = None
    anonymised: bool = False

    def chosen(self) -> ExportFormat:
        found = EXPORTS.get(self.format.strip().lower())
        if found is None:
            raise UnknownExport(
                f"there is no export format {self.format!r}; use one of {', '.join(EXPORTS)}"
            )
        return found

    def file_name(self, case_ref: str) -> str:
        """e.g. `RR-2024-07-chronology-anonymised.docx`, safe as a file name anywhere."""
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in case_ref.strip())[:80]
        variant = "-anonymised" if self.anonymised else ""
        return f"{stem or 'case'}-chronology{variant}{self.chosen().suffix}"


def write_export(
    service: ChronologyService, case_ref: str, request: ExportRequest, path: Path
) -> None:
    """Builds the review chronology and writes it to `path` in the requested format."""
    chosen = request.chosen()
    document = build_document(
        service, case_ref, request.date_from, request.date_to, anonymised=request.anonymised
    )
    chosen.write(document, path)


def export_bytes(service: ChronologyService, case_ref: str, request: ExportRequest) -> bytes:
    """The export as bytes (written to a private temporary folder, then removed)."""
    with tempfile.TemporaryDirectory(prefix="chronology-export-") as folder:
        path = Path(folder) / request.file_name(case_ref)
        write_export(service, case_ref, request, path)
        return path.read_bytes()
