"""`chronology knew`: what an organisation knew as at a day, as a chair asks it of the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli import chronology


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("knew") / ".demo" / "chronology.sqlite"
    assert chronology("demo", store=store).returncode == 0
    return store


def _knew(store: Path, organisation: str, as_at: str) -> dict[str, object]:
    shown = chronology(
        "knew",
        "--case",
        "DEMO-001",
        "--organisation",
        organisation,
        "--as-at",
        as_at,
        "--json",
        store=store,
    )
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    assert isinstance(document, dict)
    return document


def _refs(items: object) -> set[str]:
    assert isinstance(items, list)
    return {item["record_ref"] for item in items}


def test_health_visiting_had_not_heard_of_the_call_out_until_the_conference(
    demo_store: Path,
) -> None:
    before = _knew(demo_store, "Northshire Health Visiting", "02/10/2024")
    assert "NP-24-0702" in _refs(before["not_known"])
    after = _knew(demo_store, "health_visiting", "03/10/2024")
    assert after["organisation"] == "Northshire Health Visiting"
    [heard] = [item for item in after["known"] if item["record_ref"] == "NP-24-0702"]
    assert (heard["known_on"], heard["how"]) == ("2024-10-03", "meeting")


def test_the_table_names_the_organisation_and_the_date(demo_store: Path) -> None:
    shown = chronology(
        "knew",
        "--case",
        "DEMO-001",
        "--organisation",
        "riverside surgery",
        "--as-at",
        "01/12/2024",
        store=demo_store,
    )
    assert shown.returncode == 0, shown.stderr
    assert "As at 01/12/2024, Riverside Surgery had no sign of knowing of" in shown.stdout


def test_an_unknown_organisation_is_refused_with_the_choices(demo_store: Path) -> None:
    shown = chronology("knew", "--case", "DEMO-001", "--organisation", "health", store=demo_store)
    assert shown.returncode == 1
    assert "no single organisation in this case is called 'health'" in shown.stderr
    assert "Riverside Surgery" in shown.stderr
