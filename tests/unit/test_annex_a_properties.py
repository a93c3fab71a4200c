"""Property tests on the Annex A adapter: whatever a local authority uploads, `read` answers.

For arbitrary cells in every column of every list, arbitrary headers and sheet names, arbitrary
bytes and damaged copies of Northshire's return, the adapter never raises, always returns a
`ParsedExtract`, places every problem, and keeps its records consistent with each other.
`recognises` never raises either.
"""

from __future__ import annotations

import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from adapters.annex_a import read, recognises
from adapters.canonical import MetadataOverrides
from chronology.records import ParsedExtract
from fixtures.formats.annex_a import build

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NORTHSHIRE = MetadataOverrides(organisation="NORTHSHIRE COUNTY COUNCIL")
TODAY = build.RETURN_DATE
LIST_SHEETS = {number: name for number, name in build.SHEETS.items() if number <= 8}
NEAR_MISSES = [
    "", " ", "31/02/2026", "12/25/2025", "?05/03/2024", "2024-03", "03/2024", "5 Mar 2024",
    "a) Yes", "b) No", "c) Unknown", "Y", "maybe", "q) 6: Police", "3B", "RC9", "RC10", "NEG",
    "C1: ICO", "L1", "V2", "N1 - Abuse or neglect", "a) Looked after child", "-1", "3.5",
    "1e400", "=SUM(A1)", "CH1001", "ch1001 ", "A3/CH1001", "\u00a0", "Zoë", "x" * 600,
]  # fmt: skip


def _text() -> st.SearchStrategy[str]:
    return st.text(max_size=40).map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text))


CELLS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.sampled_from(NEAR_MISSES),
    _text(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
)


def _check(parsed: ParsedExtract) -> ParsedExtract:
    """The invariants every answer keeps, whatever the file."""
    assert isinstance(parsed, ParsedExtract)
    for problem in parsed.problems:
        assert problem.message.strip() and problem.sheet.strip(), f"unplaced: {problem!r}"
        if problem.value and problem.sheet != "options":
            assert problem.row is not None and problem.column, f"cell unplaced: {problem!r}"
    if parsed.metadata is None:
        assert parsed.errors, "an extract without metadata must say why"
    people = {person.person_ref for person in parsed.people}
    refs = [entry.record_ref for entry in parsed.entries]
    assert len(refs) == len(set(refs)), "record_refs repeat"
    assert all(set(entry.subjects) <= people for entry in parsed.entries)
    return parsed


def _read_sheets(sheets: dict[str, list[list[Any]]]) -> ParsedExtract:
    with tempfile.TemporaryDirectory() as temp:
        path = build.write(Path(temp) / "return.xlsx", sheets)
        assert isinstance(recognises(path), bool)
        return _check(read(path, NORTHSHIRE, today=TODAY))


@st.composite
def _list_sheets(draw: st.DrawFn) -> dict[str, list[list[Any]]]:
    """Some lists, each with the template header and a few rows of arbitrary cells."""
    numbers = draw(st.sets(st.sampled_from(sorted(LIST_SHEETS)), min_size=1, max_size=4))
    sheets = {}
    for number in sorted(numbers):
        header = [name for _, name in build.HEADERS[number]]
        width = st.lists(CELLS, min_size=len(header), max_size=len(header) + 2)
        sheets[LIST_SHEETS[number]] = [header, *draw(st.lists(width, max_size=4))]
    return sheets


@PROPERTY
@given(sheets=_list_sheets())
def test_arbitrary_cells_in_every_column_of_every_list(sheets: dict[str, list[list[Any]]]) -> None:
    _read_sheets(sheets)


@st.composite
def _valid_rows_with_one_cell_changed(draw: st.DrawFn) -> dict[str, list[list[Any]]]:
    """Northshire's return with one cell of one list replaced (nearer the edge of validity)."""
    sheets = build.northshire_sheets()
    name = draw(st.sampled_from(sorted(LIST_SHEETS.values())))
    rows = sheets[name]
    row = draw(st.integers(1, len(rows) - 1))
    column = draw(st.integers(0, len(rows[0]) - 1))
    rows[row][column] = draw(CELLS)
    return sheets


@PROPERTY
@given(sheets=_valid_rows_with_one_cell_changed())
def test_one_changed_cell_in_a_valid_return(sheets: dict[str, list[list[Any]]]) -> None:
    _read_sheets(sheets)


@PROPERTY
@given(
    names=st.lists(
        st.one_of(st.sampled_from(["List 1", "List 8", "list3", "List 9", "Cover"]), _text()),
        min_size=1,
        max_size=3,
        unique_by=lambda name: name.strip().lower(),
    ),
    rows=st.lists(st.lists(CELLS, max_size=6), max_size=4),
)
def test_arbitrary_sheet_names_and_headers(names: list[str], rows: list[list[Any]]) -> None:
    usable = [_sheet_name(name, n) for n, name in enumerate(names)]
    _read_sheets(dict.fromkeys(usable, rows))


def _sheet_name(name: str, position: int) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\, not blank."""
    cleaned = "".join(ch for ch in name if ch not in "[]:*?/\\'")[:28].strip()
    return cleaned or f"Sheet{position}"


@PROPERTY
@given(content=st.binary(max_size=2000))
def test_arbitrary_bytes(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "return.xlsx"
        path.write_bytes(content)
        assert not recognises(path)
        assert _check(read(path, NORTHSHIRE, today=TODAY)).errors


@PROPERTY
@given(
    positions=st.lists(st.integers(0, 10**9), min_size=1, max_size=6),
    chunk=st.binary(min_size=1, max_size=8),
)
def test_damaged_copies_of_the_northshire_return(positions: list[int], chunk: bytes) -> None:
    data = bytearray(build.FIXTURE.read_bytes())
    for position in positions:
        at = position % len(data)
        data[at : at + len(chunk)] = chunk
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "return.xlsx"
        path.write_bytes(bytes(data))
        assert isinstance(recognises(path), bool)
        _check(read(path, NORTHSHIRE, today=TODAY))


@PROPERTY
@given(workbook_part=st.one_of(st.binary(max_size=400), _text().map(str.encode)))
def test_an_arbitrary_workbook_part(workbook_part: bytes) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "return.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("xl/workbook.xml", workbook_part)
        assert isinstance(recognises(path), bool)
        assert _check(read(path, NORTHSHIRE, today=TODAY)).errors
