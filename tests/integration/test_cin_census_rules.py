"""A CIN census return with two referral episodes for one child, imported through the service:
both episodes' dated entries reach the timeline, and the start-again and repeat-plan rules fire.

The Northshire return holds NS1001234 (born 18/09/2022): a first episode referred by the
health visitor on 04/11/2024, with a child protection plan from 26/11/2024, closed on
12/05/2025; then a police referral on 15/09/2025, 126 days after the closure, with no sign
the history was sought, and a second plan (NumberOfPreviousCPP 1) from 07/10/2025.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from adapters import cin_census
from adapters.canonical import MetadataOverrides
from chronology.service import ChronologyService

ROOT = Path(__file__).resolve().parents[2]
NORTHSHIRE = ROOT / "fixtures" / "formats" / "cin_census" / "northshire-cin-2026.xml"
COUNCIL = MetadataOverrides(organisation="NORTHSHIRE COUNTY COUNCIL")
CASE = "CASE-1"
AS_AT = date(2026, 4, 30)


def _import(service: ChronologyService, path: Path = NORTHSHIRE) -> None:
    parsed = cin_census.read(path, COUNCIL, today=AS_AT)
    assert parsed.errors == []
    service.import_parsed(parsed, CASE, "tester")


def _refs_of_the_two_episode_child(service: ChronologyService) -> list[tuple[str, str]]:
    return [
        (entry["source"]["record_ref"], entry["event_type"])
        for entry in service.timeline(CASE)
        if entry["source"]["record_ref"].startswith("NS1001234/")
    ]


def test_both_episodes_dated_entries_reach_the_timeline_in_date_order(
    sqlite_service: ChronologyService,
) -> None:
    _import(sqlite_service)
    entries = _refs_of_the_two_episode_child(sqlite_service)
    assert [event_type for _, event_type in entries] == [
        "referral",
        "assessment_started",
        "section47_started",
        "initial_cp_conference",
        "cp_plan_started",
        "assessment_completed",
        "cp_review_conference",
        "cin_plan_started",
        "cp_plan_ended",
        "case_closed",  # the same day as the plan's end: by line, as the census lists them
        "cin_plan_ended",
        "referral",
        "assessment_started",
        "section47_started",
        "initial_cp_conference",
        "cp_plan_started",
        "assessment_completed",
        "cp_review_conference",
    ]
    episodes = {ref.split("/")[1] for ref, _ in entries}
    assert episodes == {"2024-11-04", "2025-09-15"}


def test_a_referral_months_after_the_closure_with_no_history_sought_is_start_again(
    sqlite_service: ChronologyService,
) -> None:
    _import(sqlite_service)
    [flag] = [
        f
        for f in sqlite_service.flags(CASE, as_at=AS_AT)
        if f.rule == "start-again" and f.evidence[-1].record_ref.startswith("NS1001234/")
    ]
    assert "new referral for NS1001234 on 15/09/2025" in flag.explanation
    assert flag.severity == "low"  # the council's own records hold the history
    assert "case closed on 12/05/2025 (126 days before)" in flag.explanation
    assert [item.record_ref for item in flag.evidence] == [
        "NS1001234/2024-11-04/closure",
        "NS1001234/2025-09-15/referral",
    ]


def test_the_second_plan_and_the_re_referral_are_repeat_plan_flags(
    sqlite_service: ChronologyService,
) -> None:
    _import(sqlite_service)
    flags = [f for f in sqlite_service.flags(CASE, as_at=AS_AT) if f.rule == "repeat-plan"]
    explanations = sorted(flag.explanation for flag in flags)
    assert explanations == [
        "NS1001234 was referred again on 15/09/2025, 315 days after the referral of 04/11/2024"
        " (a re-referral is within 365 days).",
        "NS1001234: child protection plan number 2, started 07/10/2025 (the first began"
        " 26/11/2024).",
    ]


def test_next_years_return_amends_the_episodes_rather_than_duplicating_them(
    sqlite_service: ChronologyService, tmp_path: Path
) -> None:
    _import(sqlite_service)
    before = len(sqlite_service.timeline(CASE))
    next_year = NORTHSHIRE.read_text(encoding="utf-8").replace(
        "<LatestCategoryOfAbuse>MUL</LatestCategoryOfAbuse>",
        "<LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>",
    )
    path = tmp_path / "northshire-cin-2027.xml"
    path.write_text(next_year.replace("<Year>2026</Year>", "<Year>2027</Year>"), encoding="utf-8")
    outcome = sqlite_service.import_parsed(cin_census.read(path, COUNCIL, today=AS_AT), CASE, "t")
    assert (outcome.counts.entries_new, outcome.counts.entries_amended) == (0, 1)
    assert len(sqlite_service.timeline(CASE)) == before
