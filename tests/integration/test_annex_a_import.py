"""Northshire's Annex A return imports through the real service: its children's entries show
on the timeline, and the child with a second child protection plan is flagged."""

from __future__ import annotations

from collections import Counter

import pytest

from adapters.annex_a import read
from adapters.canonical import MetadataOverrides
from chronology.records import ParsedExtract
from chronology.service import ChronologyService
from fixtures.formats.annex_a import build

CASE = "RR-2026-ANNEX-A"
NORTHSHIRE = MetadataOverrides(organisation="NORTHSHIRE COUNTY COUNCIL", area="Northshire")


@pytest.fixture
def parsed() -> ParsedExtract:
    return read(build.FIXTURE, NORTHSHIRE, today=build.RETURN_DATE)


def test_the_return_imports_and_shows_on_the_timeline(
    sqlite_service: ChronologyService, parsed: ParsedExtract
) -> None:
    sqlite_service.import_parsed(parsed, CASE, "analyst@northshire.test")
    entries = sqlite_service.timeline(CASE)
    assert len(entries) == len(parsed.entries)
    first = entries[0]
    assert first["organisation"] == "NORTHSHIRE COUNTY COUNCIL"
    assert first["agency"] == "childrens_social_care" and first["area"] == "Northshire"
    refs = [entry["source"]["record_ref"] for entry in entries]
    assert refs[:2] == ["A6/CH1005/2024-05-02", "A8/CH1005/2024-08-14"]  # CH1005's 2024
    assert "A7/CH1002/2025-12-03" in refs


def test_every_child_is_a_person_of_the_case(
    sqlite_service: ChronologyService, parsed: ParsedExtract
) -> None:
    sqlite_service.import_parsed(parsed, CASE, "analyst@northshire.test")
    people = sqlite_service.people(CASE).people
    assert sorted(person.name for person in people) == [f"CH100{n}" for n in range(1, 7)]
    assert all(person.is_child for person in people)


def test_a_second_child_protection_plan_raises_repeat_plan(
    sqlite_service: ChronologyService, parsed: ParsedExtract
) -> None:
    sqlite_service.import_parsed(parsed, CASE, "analyst@northshire.test")
    flags = [flag for flag in sqlite_service.flags(CASE) if flag.rule == "repeat-plan"]
    plans = [f for f in flags if {e.record_ref for e in f.evidence} >= {"A7/CH1002/2025-12-03"}]
    assert plans, Counter(flag.rule for flag in sqlite_service.flags(CASE))


def test_uploading_the_return_again_changes_nothing(
    sqlite_service: ChronologyService, parsed: ParsedExtract
) -> None:
    sqlite_service.import_parsed(parsed, CASE, "analyst@northshire.test")
    stored = sqlite_service.app.recorder.max_notification_id()
    again = sqlite_service.import_parsed(parsed, CASE, "analyst@northshire.test")
    assert sqlite_service.app.recorder.max_notification_id() == stored
    assert again is not None
