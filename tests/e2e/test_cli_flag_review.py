"""`chronology flag note|reviewed|dismiss|reopen` as a reviewer runs them: real processes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.builders import GP, ExtractBuilder
from tests.e2e.test_cli import chronology

CASE = "C-FLAGS"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store with one case whose GP extract raises a was-not-brought flag."""
    gp = ExtractBuilder(organisation=GP, agency="gp").person(
        "G1", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male"
    )
    for ref, occurred in (("R1", "01/10/2024"), ("R2", "10/12/2024")):
        gp.event(ref, occurred, "appointment_missed", "G1", "Missed appointment")
    path = tmp_path / "cli.sqlite"
    imported = chronology(
        "import", gp.write_csv_folder(tmp_path / "gp"), "--case", CASE, store=path
    )
    assert imported.returncode == 0, imported.stderr
    return path


def _flags(store: Path) -> list[dict[str, Any]]:
    shown = chronology("flags", "--case", CASE, "--json", store=store)
    assert shown.returncode == 0, shown.stderr
    documents: list[dict[str, Any]] = json.loads(shown.stdout)
    return documents


def _flag_id(store: Path) -> str:
    return str(next(flag["id"] for flag in _flags(store) if flag["rule"] == "was-not-brought"))


def test_a_note_is_in_the_json_and_printed_literally_in_the_table(store: Path) -> None:
    flag_id = _flag_id(store)
    noted = chronology(
        "flag", "note", flag_id, "--case", CASE, "--text", "[bold]<script>", "--by", "Ann",
        store=store,
    )  # fmt: skip
    assert noted.returncode == 0, noted.stderr
    [review] = [flag["review"] for flag in _flags(store) if flag["id"] == flag_id]
    assert review["status"] == "open"
    assert [(n["text"], n["by"]) for n in review["notes"]] == [("[bold]<script>", "Ann")]
    assert review["history"][0]["action"] == "note" and review["history"][0]["at"]
    table = chronology("flags", "--case", CASE, store=store)
    assert "[bold]<script>" in table.stdout
    assert f"id {flag_id[:8]}" in table.stdout


def test_a_dismissed_flag_is_listed_apart_with_its_reason(store: Path) -> None:
    flag_id = _flag_id(store)
    dismissed = chronology(
        "flag", "dismiss", flag_id[:8], "--case", CASE, "--reason", "Rebooked", "--by", "Bo",
        store=store,
    )  # fmt: skip
    assert dismissed.returncode == 0, dismissed.stderr
    table = chronology("flags", "--case", CASE, store=store).stdout
    assert "Dismissed (1)" in table and "Rebooked" in table
    assert table.index("Dismissed (1)") < table.index("Rebooked")


def test_dismissing_without_a_reason_exits_1_and_stores_nothing(store: Path) -> None:
    flag_id = _flag_id(store)
    refused = chronology("flag", "dismiss", flag_id, "--case", CASE, "--reason", "  ", store=store)
    assert refused.returncode == 1
    assert "the reason for dismissing is empty" in refused.stderr
    [review] = [flag["review"] for flag in _flags(store) if flag["id"] == flag_id]
    assert review == {"status": "open", "reason": None, "notes": [], "history": []}


def test_an_unknown_flag_id_names_the_command_that_lists_them(store: Path) -> None:
    refused = chronology("flag", "reviewed", "not-a-flag", "--case", CASE, store=store)
    assert refused.returncode == 1
    assert f"chronology flags --case {CASE}" in " ".join(refused.stderr.split())


def test_reviewed_defaults_to_the_login_name_and_reviews_lists_it(store: Path) -> None:
    flag_id = _flag_id(store)
    marked = chronology("flag", "reviewed", flag_id, "--case", CASE, store=store)
    assert marked.returncode == 0, marked.stderr
    listed = chronology("flag", "reviews", "--case", CASE, "--json", store=store)
    [review] = json.loads(listed.stdout)
    assert (review["flag_id"], review["appears"], review["status"]) == (flag_id, True, "reviewed")
    assert review["history"][0]["by"]
