"""`people`, `matches`, `match` and `graph` as a reviewer runs them, on the demo case."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.e2e.test_cli import chronology


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("people") / ".demo" / "chronology.sqlite"
    assert chronology("demo", store=store).returncode == 0
    return store


def test_people_json_has_the_contract_shape_and_resolves_the_mother(demo_store: Path) -> None:
    people = json.loads(
        chronology("people", "--case", "DEMO-001", "--json", store=demo_store).stdout
    )
    for person in people:
        assert list(person)[:7] == [
            "id",
            "name",
            "date_of_birth",
            "is_child",
            "mentions",
            "known_to",
            "relationships",
        ]
    kerry = next(p for p in people if p["name"] == "Kerry Doyle" and len(p["mentions"]) > 3)
    organisations = {m["organisation"] for m in kerry["mentions"]}
    assert {"Northshire Police", "Northshire Maternity Service"} <= organisations
    assert {"Kerry Anne Walsh"} <= {m["name"] for m in kerry["mentions"]}
    assert any("date of birth: same" in link["explanation"] for link in kerry["links"])
    dean = [p for p in people if p["name"] == "Dean Doyle" and p["date_of_birth"]]
    jason = [p for p in people if p["name"] == "Jason Doyle"]
    assert dean and jason and dean[0]["id"] not in {p["id"] for p in jason}


def test_a_reviewer_confirms_a_candidate_and_people_merge(demo_store: Path) -> None:
    candidates = json.loads(
        chronology("matches", "--case", "DEMO-001", "--json", store=demo_store).stdout
    )
    dean = next(
        c for c in candidates if {c["left"]["name"], c["right"]["name"]} == {"Dean", "Dean Doyle"}
    )
    assert "given name: same" in dean["explanation"]
    before = len(
        json.loads(chronology("people", "--case", "DEMO-001", "--json", store=demo_store).stdout)
    )
    confirmed = chronology(
        "match",
        "confirm",
        dean["left"]["mention_id"],
        dean["right"]["mention_id"],
        "--case",
        "DEMO-001",
        "--reason",
        "same father, HV note",
        store=demo_store,
    )
    assert confirmed.returncode == 0, confirmed.stderr
    after = json.loads(
        chronology("people", "--case", "DEMO-001", "--json", store=demo_store).stdout
    )
    assert len(after) == before - 1
    undone = chronology(
        "match",
        "undo",
        dean["left"]["mention_id"],
        dean["right"]["mention_id"],
        "--case",
        "DEMO-001",
        store=demo_store,
    )
    assert undone.returncode == 0


def test_graph_writes_a_picture_with_pr_on_the_parental_links(
    demo_store: Path, tmp_path: Path
) -> None:
    output = tmp_path / "family.svg"
    result = chronology(
        "graph", "--case", "DEMO-001", "--output", output, "--on", "01/11/2024", store=demo_store
    )
    assert result.returncode == 0, result.stderr
    svg = output.read_text()
    ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed
    assert "PR: unrecorded" in svg and "Finn Doyle" in svg and "known to probation only" in svg
