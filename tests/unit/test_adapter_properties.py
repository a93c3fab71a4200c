"""Property tests on the canonical adapter: whatever an agency uploads, `read_canonical` answers.

For arbitrary bytes in each CSV file, arbitrary cells in every column of every sheet (CSV,
xlsx and JSON) and arbitrary JSON documents, the adapter never raises, always returns a
`ParsedExtract`, places every problem, and any error makes the service refuse the extract.
A valid extract reads to the same records from a CSV folder, a zip, a workbook and JSON.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from adapters.canonical import MetadataOverrides, read_canonical
from adapters.canonical.schema import COLUMNS, EVENTS, EXTRACT, PEOPLE, RELATIONSHIPS
from chronology.bootstrap import open_service
from chronology.errors import ExtractRejected
from chronology.nhs import with_check_digit
from chronology.records import ParsedExtract
from chronology.service import ChronologyService
from chronology.settings import Settings
from chronology.vocabulary import (
    Agency,
    ChildSeen,
    EventType,
    ParentalResponsibility,
    RelationshipType,
    Sex,
    YesNo,
)
from tests.builders import ExtractBuilder, police_extract

FAST = settings(max_examples=100, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=50, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
SHEETS = ("extract", "people", "relationships", "events")
TODAY = date(2025, 6, 1)


# --------------------------------------------------------------------------- invariants


@pytest.fixture(scope="module")
def memory_service() -> Iterator[ChronologyService]:
    opened = open_service(Settings(in_memory=True))
    yield opened
    opened.close()


def _read(path: Path, overrides: MetadataOverrides | None = None) -> ParsedExtract:
    parsed = read_canonical(path, overrides, today=TODAY)  # must not raise, whatever the file
    assert isinstance(parsed, ParsedExtract)
    for problem in parsed.problems:
        assert problem.message.strip(), problem
        assert problem.sheet.strip(), f"unplaced: {problem!r}"
        if problem.value and problem.sheet != "options":
            assert problem.row is not None and problem.column, f"cell problem unplaced: {problem!r}"
    if parsed.metadata is None:
        assert parsed.errors, "an extract without metadata must say why"
    return parsed


def _refused_if_in_error(service: ChronologyService, parsed: ParsedExtract) -> None:
    """Errors mean the service refuses (and says why); no errors mean it stores the extract."""
    case = f"PROP-{uuid.uuid4().hex[:10]}"
    before = service.app.recorder.max_notification_id()
    if parsed.errors:
        with pytest.raises(ExtractRejected):
            service.import_parsed(parsed, case, "property@test")
        assert service.app.recorder.max_notification_id() == before
    else:
        service.import_parsed(parsed, case, "property@test")
        assert (service.app.recorder.max_notification_id() or 0) > (before or 0)


# --------------------------------------------------------------------------- writers


def _csv_bytes(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _write_csv_folder(
    folder: Path, sheets: dict[str, tuple[list[str], list[dict[str, Any]]]]
) -> Path:
    folder.mkdir()
    for name, (columns, rows) in sheets.items():
        (folder / f"{name}.csv").write_bytes(_csv_bytes(columns, rows))
    return folder


def _write_zip(path: Path, sheets: dict[str, tuple[list[str], list[dict[str, Any]]]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (columns, rows) in sheets.items():
            archive.writestr(f"{name}.csv", _csv_bytes(columns, rows))
    return path


def _write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[dict[str, Any]]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    book.save(path)
    return path


def _write_json(path: Path, sheets: dict[str, tuple[list[str], list[dict[str, Any]]]]) -> Path:
    document: dict[str, Any] = {name: rows for name, (_, rows) in sheets.items()}
    if len(document.get("extract", [])) == 1:
        document["extract"] = document["extract"][0]
    path.write_text(json.dumps(document, default=str), encoding="utf-8")
    return path


WRITERS: dict[str, Callable[[Path, dict[str, Any]], Path]] = {
    "csv": lambda folder, sheets: _write_csv_folder(folder / "extract", sheets),
    "zip": lambda folder, sheets: _write_zip(folder / "extract.zip", sheets),
    "xlsx": lambda folder, sheets: _write_xlsx(folder / "extract.xlsx", sheets),
    "json": lambda folder, sheets: _write_json(folder / "extract.json", sheets),
}


def _valid_sheets() -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    builder = police_extract()
    builder.relationship("P1", "mother", "P2", parental_responsibility="yes")
    return builder.sheets()


# --------------------------------------------------------------------------- arbitrary CSV bytes


@st.composite
def _mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """Valid CSV bytes with a few bytes inserted, replaced or cut (nearer the edge of validity)."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(out)))
        action = draw(st.sampled_from(["insert", "replace", "cut"]))
        chunk = draw(
            st.one_of(
                st.binary(min_size=1, max_size=4),
                st.sampled_from(
                    [b",", b'"', b";", b"\r\n", b"\xef\xbb\xbf", b"\x81", b"\xc3", b"\x00", b"\t"]
                ),
            )
        )
        if action == "insert":
            out[position:position] = chunk
        elif action == "replace":
            out[position : position + len(chunk)] = chunk
        else:
            del out[position : position + draw(st.integers(1, 20))]
    return bytes(out)


def _csv_file(name: str) -> st.SearchStrategy[bytes | None]:
    columns, rows = _valid_sheets()[name]
    valid = _csv_bytes(columns, rows)
    return st.one_of(st.just(valid), st.binary(max_size=300), _mutated(valid), st.none())


@FAST
@given(
    files=st.fixed_dictionaries({name: _csv_file(name) for name in SHEETS}), zipped=st.booleans()
)
def test_arbitrary_bytes_in_each_csv_file(
    files: dict[str, bytes | None], zipped: bool, memory_service: ChronologyService
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "extract"
        folder.mkdir()
        for name, data in files.items():
            if data is not None:
                (folder / f"{name}.csv").write_bytes(data)
        path = folder
        if zipped:
            path = Path(temp) / "extract.zip"
            with zipfile.ZipFile(path, "w") as archive:
                for name, data in files.items():
                    if data is not None:
                        archive.writestr(f"{name}.csv", data)
        parsed = _read(path)
    _refused_if_in_error(memory_service, parsed)


# --------------------------------------------------------------------------- arbitrary cells

_texts = st.text(max_size=40)
_csv_cells = st.one_of(
    st.none(),
    _texts,
    st.integers().map(str),
    st.sampled_from(
        [
            "2024-03-05",
            "05/03/2024",
            "?2024",
            "yes",
            "P1",
            "police",
            "home_visit",
            "mother",
            "withdrawn",
            "943 476 5919",
            "=1+1",
            '{"a": 1}',
            "P1;P2",
        ]
    ),
)
_json_cells: st.SearchStrategy[Any] = st.one_of(
    _csv_cells,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.one_of(_texts, st.integers()), max_size=3),
    st.dictionaries(
        st.text(max_size=5), st.one_of(_texts, st.integers(), st.booleans()), max_size=3
    ),
)
_xlsx_cells: st.SearchStrategy[Any] = st.one_of(
    _csv_cells.filter(lambda v: not (isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v))),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.dates(min_value=date(1900, 3, 1)),
    st.times().map(lambda t: t.replace(microsecond=0)),
)
CELLS = {"csv": _csv_cells, "zip": _csv_cells, "json": _json_cells, "xlsx": _xlsx_cells}


@st.composite
def _arbitrary_sheet(
    draw: st.DrawFn, container: str
) -> tuple[str, dict[str, tuple[list[str], list[dict[str, Any]]]]]:
    """The valid extract with one sheet's rows replaced by arbitrary cells in every column."""
    sheets = _valid_sheets()
    name = draw(st.sampled_from(SHEETS))
    columns = [*COLUMNS[name], "extra_note"]
    cells = CELLS[container]
    rows = draw(
        st.lists(st.fixed_dictionaries(dict.fromkeys(columns, cells)), min_size=1, max_size=3)
    )
    if container in ("csv", "zip"):
        rows = [{k: v for k, v in row.items() if v is not None} for row in rows]
    sheets[name] = (columns, rows)
    return name, sheets


@pytest.mark.parametrize("container", ["csv", "zip", "xlsx", "json"])
@SLOW
@given(data=st.data())
def test_arbitrary_cells_in_every_column_of_each_sheet(
    container: str, data: st.DataObject, memory_service: ChronologyService
) -> None:
    _, sheets = data.draw(_arbitrary_sheet(container))
    with tempfile.TemporaryDirectory() as temp:
        parsed = _read(WRITERS[container](Path(temp), sheets))
    _refused_if_in_error(memory_service, parsed)


# --------------------------------------------------------------------------- arbitrary JSON

_json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=25,
)
_row_objects = st.dictionaries(
    st.one_of(
        st.sampled_from(sorted({*PEOPLE, *RELATIONSHIPS, *EVENTS, *EXTRACT})), st.text(max_size=8)
    ),
    _json_values,
    max_size=8,
)
_documents = st.one_of(
    _json_values,
    st.dictionaries(
        st.one_of(st.sampled_from([*SHEETS, "People", " events "]), st.text(max_size=6)),
        st.one_of(_json_values, st.lists(_row_objects, max_size=3), _row_objects),
        max_size=5,
    ),
)


@FAST
@given(document=_documents)
def test_arbitrary_json_documents(document: Any, memory_service: ChronologyService) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "extract.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        parsed = _read(path, MetadataOverrides(organisation="PROPERTY TEST", agency="police"))
    _refused_if_in_error(memory_service, parsed)


@FAST
@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".json", ".xlsx", ".zip"]))
def test_arbitrary_bytes_as_a_whole_file(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / f"extract{suffix}"
        path.write_bytes(raw)
        parsed = _read(path)
    assert parsed.errors


# --------------------------------------------------------------------------- round trip

_plain = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
_prose = st.lists(_plain, min_size=1, max_size=3).map("\n".join)
_refs = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=8)
_nhs = (
    st.integers(100_000_000, 999_999_999)
    .map(lambda n: with_check_digit(str(n)))
    .filter(lambda n: n is not None)
)


@st.composite
def _date_text(draw: st.DrawFn, latest: date = date(2025, 5, 31)) -> str:
    day = draw(st.dates(min_value=date(1930, 1, 1), max_value=latest))
    clock = draw(st.times()).replace(second=0, microsecond=0)
    form = draw(
        st.sampled_from(
            [
                "iso",
                "uk",
                "uk_short",
                "dots",
                "words",
                "iso_time",
                "uk_time",
                "month",
                "month_uk",
                "year",
                "uncertain",
            ]
        )
    )
    return {
        "iso": day.isoformat(),
        "uk": f"{day:%d/%m/%Y}",
        "uk_short": f"{day.day}/{day.month}/{day:%y}"
        if 1970 <= day.year <= 2069
        else f"{day:%d/%m/%Y}",
        "dots": f"{day:%d.%m.%Y}",
        "words": f"{day.day} {day:%b %Y}",
        "iso_time": f"{day.isoformat()}T{clock:%H:%M}",
        "uk_time": f"{day:%d/%m/%Y} {clock:%H:%M}",
        "month": f"{day:%Y-%m}",
        "month_uk": f"{day:%m/%Y}",
        "year": f"{day:%Y}",
        "uncertain": f"?{day:%d/%m/%Y}",
    }[form]


@st.composite
def _valid_extract(draw: st.DrawFn) -> ExtractBuilder:
    refs = draw(st.lists(_refs, min_size=1, max_size=4, unique=True))
    builder = ExtractBuilder(
        organisation=draw(_plain),
        agency=draw(st.sampled_from(list(Agency))),
        area=draw(st.one_of(st.just(""), _plain)),
    )
    for ref in refs:
        builder.person(
            ref,
            draw(_plain),
            draw(st.one_of(st.just(""), _plain)),
            known_as=";".join(draw(st.lists(_plain.filter(lambda s: ";" not in s), max_size=2))),
            date_of_birth=draw(st.one_of(st.just(""), _date_text())),
            sex=draw(st.sampled_from(["", *Sex])),
            nhs_number=draw(st.one_of(st.just(""), _nhs)),
            team=draw(st.one_of(st.just(""), _plain)),
        )
    if len(refs) > 1 and draw(st.booleans()):
        builder.relationship(
            refs[0],
            draw(st.sampled_from(list(RelationshipType))),
            refs[1],
            parental_responsibility=draw(st.sampled_from(["", *ParentalResponsibility])),
            lives_with_child=draw(st.sampled_from(["", "yes", "no", "unknown"])),
            **{"from": draw(st.one_of(st.just(""), _date_text()))},
        )
    records = draw(st.lists(_refs, min_size=1, max_size=5, unique=True))
    for record in records:
        subjects = draw(
            st.lists(st.sampled_from([*refs, "NOT-KNOWN"]), min_size=1, max_size=3, unique=True)
        )
        event_type = draw(
            st.one_of(st.sampled_from(list(EventType)), st.sampled_from(["visit", "hv contact"]))
        )
        builder.event(
            record,
            draw(_date_text(latest=date(2026, 1, 1))),
            event_type,
            ";".join(subjects),
            draw(_plain),
            detail=draw(st.one_of(st.just(""), _prose)),
            child_seen=draw(st.sampled_from(["", *ChildSeen])),
            seen_alone=draw(st.sampled_from(["", *YesNo])),
            shared_with=draw(st.sampled_from(["", "police", "gp;school"])),
            attributes=draw(
                st.one_of(
                    st.just(""),
                    st.dictionaries(
                        st.sampled_from(["injury", "dash_risk", "about"]),
                        st.one_of(_plain, st.booleans(), st.integers(0, 99)),
                        max_size=2,
                    ).map(json.dumps),
                )
            ),
            status=draw(st.sampled_from(["", "withdrawn"])),
        )
    return builder


def _comparable(parsed: ParsedExtract) -> dict[str, Any]:
    return {
        "metadata": parsed.metadata,
        "people": [record.content() for record in parsed.people],
        "relationships": [record.content() for record in parsed.relationships],
        "entries": [record.content() for record in parsed.entries],
        "problems": sorted((p.severity, p.sheet, p.column, p.value) for p in parsed.problems),
    }


@SLOW
@given(builder=_valid_extract())
def test_a_valid_extract_reads_the_same_from_every_container(
    builder: ExtractBuilder, memory_service: ChronologyService
) -> None:
    sheets = builder.sheets()
    with tempfile.TemporaryDirectory() as temp:
        read = {}
        for container, write in WRITERS.items():
            folder = Path(temp) / container
            folder.mkdir()
            read[container] = _read(write(folder, sheets))
    assert not read["csv"].errors, [p.line() for p in read["csv"].errors]
    expected = _comparable(read["csv"])
    for container in ("zip", "xlsx", "json"):
        assert _comparable(read[container]) == expected, container
    _refused_if_in_error(memory_service, read["json"])


def test_an_excel_date_cell_reads_as_the_same_date_as_its_iso_text(tmp_path: Path) -> None:
    cell = datetime(2024, 3, 5, 14, 20)
    as_text = police_extract()
    as_text.events[0]["occurred"] = "2024-03-05T14:20"
    as_cell = police_extract()
    as_cell.events[0]["occurred"] = cell
    from_csv = _read(as_text.write_csv_folder(tmp_path / "text"))
    from_xlsx = _read(as_cell.write_xlsx(tmp_path / "cell.xlsx"))
    assert from_csv.entries[0].occurred == from_xlsx.entries[0].occurred
