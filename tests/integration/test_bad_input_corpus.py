"""Every file of the bad-input corpus (tests/corpus/bad_inputs.py) gets a clear, placed error or
warning: no crash, no hang, no traceback in a message, and nothing partial stored.

One test per corpus file, so pytest-xdist spreads them; each reads the file with the adapter,
then imports it through a real SQLite-backed service that already holds another extract.
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from adapters.canonical import read_canonical
from chronology.errors import ExtractRejected
from chronology.problems import Problem
from chronology.records import ParsedExtract
from chronology.service import ChronologyService
from tests.builders import health_visiting_extract
from tests.corpus.bad_inputs import BadInput, Outcome, by_kind, corpus

CORPUS = corpus()
CASE = "RR-BAD-INPUT"
READ_SECONDS = 5.0
MESSAGE_CHARS = 1_000  # a problem names a value, it does not repeat a 10 MB cell
NOISE = re.compile(
    r"Traceback|File \"|line \d+, in |\b[A-Z][A-Za-z]*(Error|Exception|Warning)\b"
    r"|<[A-Za-z_.]+ object at |<ZipInfo"
)
KINDS = [
    "corrupt_xlsx",
    "corrupt_zip",
    "zip_bomb",
    "encoding",
    "delimiter",
    "missing_column",
    "duplicate_column",
    "bad_date",
    "nhs_number",
    "unknown_code",
    "duplicate_ref",
    "huge_cell",
    "control_char",
    "payload",
    "empty",
    "header_only",
    "json_shape",
    "xlsx_sheets",
    "extra_cells",
    "csv_syntax",
    "container",
    "metadata",
    "warning_only",
]


def test_the_corpus_covers_every_kind_of_bad_input() -> None:
    assert len(CORPUS) >= 200
    kinds = by_kind(CORPUS)
    assert sorted(kinds) == sorted(KINDS)
    assert {item.outcome for item in CORPUS} == set(Outcome)
    assert all(item.payload for item in CORPUS if item.outcome is Outcome.VERBATIM)


def _upload(item: BadInput, tmp_path: Path) -> Path:
    folder = tmp_path / "upload"
    folder.mkdir()
    return item.write(folder)


def _check_placed(problem: Problem) -> None:
    assert problem.message.strip(), problem
    assert problem.sheet.strip(), f"no sheet: {problem!r}"
    about_a_cell = bool(problem.value) and problem.sheet != "options"
    if about_a_cell:
        assert problem.row is not None and problem.column, f"a cell problem unplaced: {problem!r}"
    line = problem.line()
    assert len(line) < MESSAGE_CHARS + len(problem.expected), f"too long: {line[:200]}..."
    assert not NOISE.search(problem.message), f"not a message for people: {problem.message!r}"


class TookTooLong(BaseException):
    """Raised into a hung read: a BaseException, which no `except Exception` can hide."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    def give_up(signum: int, frame: object) -> None:
        raise TookTooLong(f"still reading after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _read(item: BadInput, path: Path) -> ParsedExtract:
    started = time.monotonic()
    with _deadline(READ_SECONDS * 3):
        parsed = read_canonical(path, item.overrides)
    elapsed = time.monotonic() - started
    assert elapsed < READ_SECONDS, f"{item.name} took {elapsed:.1f} s to read"
    assert isinstance(parsed, ParsedExtract)
    return parsed


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _strings(inner)


def _store_state(service: ChronologyService) -> tuple[int | None, list[dict[str, Any]]]:
    return service.app.recorder.max_notification_id(), service.timeline(CASE)


@pytest.mark.parametrize("item", CORPUS, ids=str)
def test_bad_input_is_reported_in_place_and_never_stored_in_part(
    item: BadInput, tmp_path: Path, sqlite_service: ChronologyService
) -> None:
    path = _upload(item, tmp_path)
    parsed = _read(item, path)
    for problem in parsed.problems:
        _check_placed(problem)
    if item.sheet is not None:
        assert any(
            p.sheet in (item.sheet, f"{item.sheet}.csv")
            and (item.column is None or p.column == item.column)
            for p in parsed.problems
        ), (item.sheet, item.column, parsed.problems)

    sqlite_service.import_file(
        health_visiting_extract().write_csv_folder(tmp_path / "hv"), CASE, "someone-else@test"
    )
    before = _store_state(sqlite_service)
    if item.outcome is Outcome.REJECTED:
        assert parsed.errors, f"{item.name} should have been refused"
        with pytest.raises(ExtractRejected) as rejected:
            sqlite_service.import_file(path, CASE, "uploader@test", item.overrides)
        assert any(problem.is_error for problem in rejected.value.problems)
        assert _store_state(sqlite_service) == before
        return

    assert not parsed.errors, [p.line() for p in parsed.errors]
    if item.outcome is Outcome.WARNED:
        assert parsed.warnings
    outcome = sqlite_service.import_file(path, CASE, "uploader@test", item.overrides)
    assert len(outcome.warnings) == len(parsed.warnings)
    assert (sqlite_service.app.recorder.max_notification_id() or 0) > (before[0] or 0)
    timeline = sqlite_service.timeline(CASE)
    if item.payload is not None:
        assert item.stored_text in set(_strings(timeline)), f"{item.payload!r} not stored verbatim"
