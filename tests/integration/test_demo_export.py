"""The demo case DEMO-001 (fictional) exported to Word reads as a review chronology: the
cover's facts, every contributing agency named, the flags summarised, and every entry of the
review period in date order."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as WordDocument
from docx.table import Table
from rich.console import Console

from chronology.bootstrap import open_service
from chronology.dates import parse_date
from chronology.projections.timeline_query import TimelineQuery
from chronology.service import ChronologyService
from chronology.settings import Settings
from views.demo import load_demo
from views.exports.document import build_document
from views.exports.word import write_docx

CASE = "DEMO-001"
PERIOD = (date(2024, 6, 1), date(2024, 12, 31))
PRODUCED = date(2025, 2, 14)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChronologyService]:
    """The demo store, with the reviewer's period set to June to December 2024."""
    store = tmp_path_factory.mktemp("demo") / ".demo" / "chronology.sqlite"
    load_demo(store, Console(file=io.StringIO(), width=200))
    service = open_service(Settings(store=store))
    service.set_review_period(CASE, *PERIOD, "demo-reviewer")
    yield service
    service.close()


@pytest.fixture(scope="module")
def word(demo: ChronologyService, tmp_path_factory: pytest.TempPathFactory) -> WordDocument:
    path = tmp_path_factory.mktemp("export") / "DEMO-001.docx"
    write_docx(build_document(demo, CASE, today=PRODUCED), path)
    return Document(str(path))


def _cover(word: WordDocument) -> str:
    facts = "\n".join(cell.text for row in word.tables[0].rows for cell in row.cells)
    return "\n".join(paragraph.text for paragraph in word.paragraphs) + "\n" + facts


def _table_after(word: WordDocument, heading: str) -> list[list[str]]:
    """The rows of the first table after the heading, in the order of the body."""
    seen_heading = False
    for block in word.iter_inner_content():
        if isinstance(block, Table) and seen_heading:
            return [[cell.text for cell in row.cells] for row in block.rows]
        seen_heading = seen_heading or getattr(block, "text", None) == heading
    raise AssertionError(f"no table after {heading!r}")


def test_the_cover_gives_the_case_period_and_date_produced(word: WordDocument) -> None:
    cover = _cover(word)
    assert "Multi-agency chronology" in cover and CASE in cover
    assert "01/06/2024 to 31/12/2024 (the review period)" in cover
    assert "14/02/2025" in cover and "OFFICIAL-SENSITIVE" in cover


def test_the_cover_names_every_contributing_agency(
    demo: ChronologyService, word: WordDocument
) -> None:
    cover = _cover(word)
    organisations = {extract["organisation"] for extract in demo.extracts(CASE)}
    assert len(organisations) == 11
    assert all(organisation in cover for organisation in organisations)


def test_the_flags_are_summarised_most_severe_first(word: WordDocument) -> None:
    rows = _table_after(word, "Summary of flags")[1:]
    severities = [row[0] for row in rows]
    assert rows and "High" in severities
    assert severities == sorted(severities, key=["High", "Medium", "Low"].index)


def test_every_entry_of_the_review_period_is_a_row_in_date_order(
    demo: ChronologyService, word: WordDocument
) -> None:
    rows = _table_after(word, "Chronology")[1:]
    entries = demo.timeline(CASE, TimelineQuery(date_from=PERIOD[0], date_to=PERIOD[1]))
    assert len(rows) == len(entries) > 50
    assert [row[2].splitlines()[-1] for row in rows] == [
        f"Ref {entry['source']['record_ref']}" for entry in entries
    ]
    days = [parse_date(row[0]).start for row in rows]
    assert days == sorted(days) and PERIOD[0] <= days[0] and days[-1] <= PERIOD[1]


def test_the_document_is_not_anonymised_unless_asked(word: WordDocument) -> None:
    assert "Not anonymised" in _cover(word)
    assert "Glossary" not in [paragraph.text for paragraph in word.paragraphs]


def test_the_export_is_written_as_a_word_file(word: WordDocument, tmp_path: Path) -> None:
    word.save(str(tmp_path / "again.docx"))
    assert Document(str(tmp_path / "again.docx")).tables
