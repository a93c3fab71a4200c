"""Property tests on the mapped adapter: whatever an agency uploads, and whatever its mapping
says, `read` answers.

For arbitrary bytes as the export, arbitrary cells in every column (CSV and workbook),
arbitrary TOML values at any key of a mapping, and arbitrary text as the mapping, the
adapter never raises, always returns a `ParsedExtract`, places every problem, and what it
returns without errors the service stores (and with errors refuses).
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
import tomllib
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from adapters.mapped import load_mapping, read
from chronology.bootstrap import open_service
from chronology.errors import ExtractRejected
from chronology.records import ParsedExtract
from chronology.service import ChronologyService
from chronology.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats" / "mapped"
POLICE_CSV = FIXTURES / "northshire-police-incidents.csv"
POLICE_MAPPING = FIXTURES / "northshire-police.mapping.toml"
MAPPING_NAME = "police.mapping.toml"
TODAY = date(2025, 6, 1)
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOMES_CSV = FIXTURES / "northshire-homes-case-log.csv"
HOMES_MAPPING = FIXTURES / "northshire-homes.mapping.toml"


def _header(path: Path) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


HEADER, HOMES_HEADER = _header(POLICE_CSV), _header(HOMES_CSV)


@pytest.fixture(scope="module")
def memory_service() -> Iterator[ChronologyService]:
    opened = open_service(Settings(in_memory=True))
    yield opened
    opened.close()


def _read(data: Path, mapping: Path = POLICE_MAPPING) -> ParsedExtract:
    parsed = read(data, today=TODAY, mapping=mapping)  # must not raise, whatever the files
    assert isinstance(parsed, ParsedExtract)
    for problem in parsed.problems:
        assert problem.message.strip() and problem.sheet.strip(), f"unplaced: {problem!r}"
        if problem.value and problem.sheet not in ("options", mapping.name):
            assert problem.row is not None and problem.column, f"cell unplaced: {problem!r}"
        if problem.sheet == mapping.name and problem.value:
            assert problem.column, f"mapping value unplaced: {problem!r}"
    if parsed.metadata is None:
        assert parsed.errors, "an extract without metadata must say why"
    known = {person.person_ref for person in parsed.people}
    assert all(set(entry.subjects) <= known for entry in parsed.entries)
    return parsed


def _refused_if_in_error(service: ChronologyService, parsed: ParsedExtract) -> None:
    case = f"PROP-{uuid.uuid4().hex[:10]}"
    if parsed.errors:
        with pytest.raises(ExtractRejected):
            service.import_parsed(parsed, case, "property@test")
    else:
        service.import_parsed(parsed, case, "property@test")
        assert len(service.timeline(case)) == len(parsed.entries)


# --------------------------------------------------------------------------- the export


@st.composite
def _mutated(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(out)))
        chunk = draw(
            st.one_of(
                st.binary(min_size=1, max_size=4),
                st.sampled_from([b",", b'"', b";", b"\r\n", b"\x81", b"\x00"]),
            )
        )
        if draw(st.booleans()):
            out[position:position] = chunk
        else:
            del out[position : position + draw(st.integers(1, 30))]
    return bytes(out)


@FAST
@given(
    raw=st.one_of(st.binary(max_size=400), _mutated(POLICE_CSV.read_bytes())),
    suffix=st.sampled_from([".csv", ".xlsx", ".txt", ".xls"]),
)
def test_arbitrary_bytes_as_the_export(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / f"export{suffix}"
        path.write_bytes(raw)
        _read(path)


_VALID_CELLS = [
    "T-1", "HM-2", "Welfare Visit", "No Access", "Daughter", "Partner", "F", "10:30",
    "HARTLEY, Courtney", "Northshire Housing Options; childrens_social_care",
    "NP24/1", "NP24/2", "05/03/2024 22:40", "2024-03-05", "Domestic Incident", "Arrest",
    "Burglary", "Y", "N", "Medium", "PN1", "PN2", "HARTLEY", "Courtney", "03/09/1996",
    "Victim", "Witness", "Duplicate", "Finalised",
]  # fmt: skip
_csv_cells = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(_VALID_CELLS))
_xlsx_cells: st.SearchStrategy[Any] = st.one_of(
    _csv_cells.filter(lambda v: not (isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v))),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
)


def _rows(header: list[str]) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(
        st.fixed_dictionaries(dict.fromkeys(header, _csv_cells)), min_size=1, max_size=4
    )


def _write_csv(path: Path, rows: list[dict[str, Any]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[dict[str, Any]]) -> Path:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append([row.get(column) for column in HEADER])
    book.save(path)
    return path


@SLOW
@given(rows=_rows(HEADER))
def test_arbitrary_cells_in_every_column_of_a_csv(
    rows: list[dict[str, Any]], memory_service: ChronologyService
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        parsed = _read(_write_csv(Path(temp) / "export.csv", rows))
    _refused_if_in_error(memory_service, parsed)


@SLOW
@given(rows=_rows(HOMES_HEADER))
def test_arbitrary_cells_in_a_log_naming_two_people_a_row(
    rows: list[dict[str, Any]], memory_service: ChronologyService
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        parsed = _read(_write_csv(Path(temp) / "log.csv", rows, HOMES_HEADER), HOMES_MAPPING)
    _refused_if_in_error(memory_service, parsed)


@SLOW
@given(
    rows=st.lists(st.fixed_dictionaries(dict.fromkeys(HEADER, _xlsx_cells)), min_size=1, max_size=3)
)
def test_arbitrary_cells_in_every_column_of_a_workbook(
    rows: list[dict[str, Any]], memory_service: ChronologyService
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        parsed = _read(_write_xlsx(Path(temp) / "export.xlsx", rows))
    _refused_if_in_error(memory_service, parsed)


# --------------------------------------------------------------------------- the mapping

KEYS = "column template value formats time_column when receivers kind yes no words code".split()
_scalars = st.one_of(
    st.text(max_size=20),
    st.sampled_from([*HEADER, "uk", "%d/%m/%Y", "%m-%Y", "police", "arrest", "mother", "yes_no"]),
    st.sampled_from(["{Role}", "{Person URN}-{Officer Narrative}", "R" * 120, "{", "{{x}}"]),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    st.dates(),
)
_toml_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), inner, max_size=3),
    ),
    max_leaves=10,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    for key, inner in items:
        found += _paths(inner, (*prefix, key))
    return found


POLICE = tomllib.loads(POLICE_MAPPING.read_text(encoding="utf-8"))
PATHS = _paths(POLICE)


def _changed(path: tuple[Any, ...], value: Any, action: str) -> dict[str, Any]:
    mapping: dict[str, Any] = json.loads(json.dumps(POLICE))
    *parents, last = path
    holder: Any = mapping
    for key in parents:
        holder = holder[key]
    if action == "delete":
        del holder[last]
    elif action == "add" and isinstance(holder, dict):
        holder[f"{last}_extra"] = value
    else:
        holder[last] = value
    return mapping


def _toml(value: Any) -> str:
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(
                f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}" for k, v in value.items()
            )
            + " }"
        )
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def _document(mapping: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(key)} = {_toml(value)}\n" for key, value in mapping.items())


def test_the_writer_round_trips_the_police_mapping() -> None:
    assert tomllib.loads(_document(POLICE)) == POLICE


@FAST
@given(
    path=st.sampled_from(PATHS),
    value=_toml_values,
    action=st.sampled_from(["replace", "delete", "add"]),
)
def test_arbitrary_toml_values_at_any_key_of_the_mapping(
    path: tuple[Any, ...], value: Any, action: str
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        mapping = Path(temp) / MAPPING_NAME
        mapping.write_text(_document(_changed(path, value, action)), encoding="utf-8")
        parsed = _read(POLICE_CSV, mapping)
        unusable = load_mapping(mapping).mapping is None
    if unusable:
        assert parsed.errors and parsed.entries == () and parsed.metadata is None


@FAST
@given(text=st.one_of(st.text(max_size=200), st.sampled_from(["[columns]", "people = 5", "a = {"])))
def test_arbitrary_text_as_the_mapping(text: str) -> None:
    with tempfile.TemporaryDirectory() as temp:
        mapping = Path(temp) / MAPPING_NAME
        mapping.write_text(text, encoding="utf-8", errors="surrogatepass")
        parsed = _read(POLICE_CSV, mapping)
    assert parsed.errors
