"""Ofsted Annex A (ILACS) workbooks: lists 1 to 8 of a local authority's return, per child."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from adapters.annex_a.reader import read_annex_a
from adapters.annex_a.sniff import recognises
from adapters.canonical.reader import MetadataOverrides, Progress
from chronology.records import ParsedExtract

FORMAT = "annex-a"


def read(
    path: Path,
    overrides: MetadataOverrides | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ParsedExtract:
    """Reads an Annex A workbook into children, their entries and every problem found."""
    return read_annex_a(path, overrides, today, progress)


__all__ = ["FORMAT", "read", "read_annex_a", "recognises"]
