"""`chronology review ...` and `chronology strategy-discussion` as a reviewer and a chair run
them: real processes on a real SQLite store."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from chronology.bootstrap import open_service
from chronology.settings import Settings
from tests.builders import GP, HEALTH_VISITING, ExtractBuilder, health_visiting_extract
from tests.e2e.test_cli import chronology

CASE = "C-REVIEW"


@dataclass(frozen=True)
class Case:
    """A store holding health visiting's two entries about Finn and a GP entry about him
    (imported in this process: the commands under test are the review ones)."""

    store: Path
    entries: list[str]
    people: list[str]
    finn: str


@pytest.fixture
def case(tmp_path: Path) -> Case:
    path = tmp_path / "cli.sqlite"
    gp = ExtractBuilder(organisation=GP, agency="gp").person(
        "G1", "Finn", "Doyle", date_of_birth="02/11/2023", sex="male"
    )
    gp.event("G-1", "10/03/2024", "gp_consultation", "G1", "Bruise on cheek")
    service = open_service(Settings(store=path))
    try:
        for name, builder in (("hv", health_visiting_extract()), ("gp", gp)):
            service.import_file(builder.write_csv_folder(tmp_path / name), CASE, "test")
        entries = [entry["id"] for entry in service.timeline(CASE)]
        people = service.people(CASE).people
    finally:
        service.close()
    [finn] = [person.id for person in people if person.name == "Finn Doyle"]
    return Case(path, entries, [person.id for person in people], finn)


def _json(store: Path, *command: str) -> Any:
    shown = chronology(*command, "--case", CASE, "--json", store=store)
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def _run(store: Path, *command: str) -> str:
    done = chronology(*command, "--case", CASE, store=store)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_period_rating_note_and_episode_are_shown_with_who_did_them(case: Case) -> None:
    store, entries = case.store, case.entries
    _run(store, "review", "period", "--from", "01/01/2024", "--to", "2024-12", "--user", "Ann")
    _run(store, "review", "rate", entries[0][:8], "--rag", "amber", "--user", "Ann")
    _run(store, "review", "note", entries[0], "--text", "[bold]<script>", "--by", "Bo")
    added = _run(store, "review", "episode", "add", "--name", "March", "--entry", entries[0],
                 "--entry", entries[1], "--user", "Bo")  # fmt: skip
    episode = added.split()[1]
    work = _json(store, "review", "show")
    assert (work["period"]["start"], work["period"]["end"]) == ("2024-01-01", "2024-12-31")
    review = work["entries"][entries[0]]
    assert (review["rating"]["rag"], review["rating"]["by"]) == ("amber", "Ann")
    assert [(n["text"], n["by"]) for n in review["notes"]] == [("[bold]<script>", "Bo")]
    assert [(e["id"], e["name"], len(e["entry_ids"])) for e in work["episodes"]] == [
        (episode, "March", 2)
    ]
    table = _run(store, "review", "show")
    assert "[bold]<script> (Bo)" in table and "amber" in table
    assert "Health visitor home visit" in table


def test_an_episode_is_changed_then_removed_and_stays_in_the_history(case: Case) -> None:
    store, entries = case.store, case.entries
    added = _run(store, "review", "episode", "add", "--name", "Spring", "--entry", entries[0])
    episode = added.split()[1]
    _run(store, "review", "episode", "change", episode, "--name", "Spring 2024",
         "--entry", entries[2], "--user", "Cy")  # fmt: skip
    [changed] = _json(store, "review", "show")["episodes"]
    assert (changed["name"], changed["entry_ids"], changed["changed_by"]) == (
        "Spring 2024",
        [entries[2]],
        "Cy",
    )
    _run(store, "review", "episode", "remove", episode)
    work = _json(store, "review", "show")
    assert work["episodes"] == []
    assert [a["action"] for a in work["history"]] == [
        "episode_added",
        "episode_changed",
        "episode_removed",
    ]


def test_refusals_exit_non_zero_say_why_and_store_nothing(case: Case) -> None:
    store, entry = case.store, case.entries[0]
    wrong_rag = chronology("review", "rate", entry, "--case", CASE, "--rag", "purple", store=store)
    assert wrong_rag.returncode == 2 and "red, amber, green or clear" in wrong_rag.stderr
    unknown = chronology("review", "note", "0000", "--case", CASE, "--text", "x", store=store)
    assert unknown.returncode == 1 and "no entry '0000' in case C-REVIEW" in unknown.stderr
    empty = chronology("review", "note", entry, "--case", CASE, "--text", " ", store=store)
    assert empty.returncode == 1 and "the analysis note is empty" in empty.stderr
    backwards = chronology(
        "review", "period", "--case", CASE, "--from", "02/02/2024", "--to", "01/02/2024",
        store=store,
    )  # fmt: skip
    assert backwards.returncode == 1 and "before it starts" in backwards.stderr
    service = open_service(Settings(store=store))
    try:
        assert service.review_work(CASE).history == ()
    finally:
        service.close()


def test_a_recorded_strategy_discussion_raises_the_missing_agency_flag(case: Case) -> None:
    store, finn = case.store, case.finn
    command = (
        "strategy-discussion", "--case", CASE, "--organisation", "Northshire CSC",
        "--agency", "childrens_social_care", "--on", "25/03/2024", "--subject", finn,
        "--invited", "gp", "--attended", "gp", "--outcome", "Section 47", "--user", "Chair",
    )  # fmt: skip
    recorded = chronology(*command, store=store)
    assert recorded.returncode == 0, recorded.stderr
    assert "Strategy discussion of 25/03/2024 recorded." in recorded.stdout
    assert "Entries: 1 new" in recorded.stdout
    flags = [f for f in _json(store, "flags") if f["rule"] == "strategy-discussion-missing-agency"]
    assert len(flags) == 1 and f"not invited: {HEALTH_VISITING}" in flags[0]["explanation"]
    again = chronology(*command, store=store)
    assert again.returncode == 0 and "recorded already: nothing changed" in again.stdout
    assert [p["id"] for p in _json(store, "people")] == case.people


def test_a_strategy_discussion_without_a_known_agency_is_refused(case: Case) -> None:
    store, finn = case.store, case.finn
    refused = chronology(
        "strategy-discussion", "--case", CASE, "--organisation", "Northshire CSC",
        "--on", "25/03/2024", "--subject", finn, "--outcome", "Section 47", store=store,
    )  # fmt: skip
    assert refused.returncode == 1 and "give its agency code" in refused.stderr
    partial = chronology(
        "strategy-discussion", "--case", CASE, "--organisation", GP, "--on", "03/2024",
        "--subject", finn, "--outcome", "Section 47", store=store,
    )  # fmt: skip
    assert partial.returncode == 2 and "give the day it was held" in partial.stderr


def test_a_label_for_anonymised_documents_is_set_and_used_by_the_export(
    case: Case, tmp_path: Path
) -> None:
    said = _run(case.store, "review", "label", "--person", case.finn, "--label", "Child F")
    assert "Child F in anonymised documents" in said
    assert _json(case.store, "review", "show")["labels"] == {case.finn: "Child F"}
    written = tmp_path / "anonymised.csv"
    done = chronology(
        "export", "--case", CASE, "--format", "csv", "--output", written, "--anonymised",
        store=case.store,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = written.read_text(encoding="utf-8-sig")
    assert "Child F" in text and "Finn" not in text
