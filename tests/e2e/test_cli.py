"""The `chronology` command line as a user or a script runs it: real processes, real stores."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import health_visiting_extract, police_extract

ROOT = Path(__file__).resolve().parents[2]
DEMO_CORRECTION = ROOT / "fixtures" / "demo" / "corrections" / "DEMO-001"


def chronology(*args: str | Path, store: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "views.cli", *map(str, args), "--store", str(store)]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "cli.sqlite"


def test_import_prints_the_counts_then_the_timeline_merges_in_date_order(
    tmp_path: Path, store: Path
) -> None:
    first = chronology(
        "import", police_extract().write_csv_folder(tmp_path / "p"), "--case", "C-1", store=store
    )
    assert first.returncode == 0, first.stderr
    assert "Entries: 3 new, 0 amended, 0 unchanged, 0 withdrawn" in first.stdout
    chronology(
        "import",
        health_visiting_extract().write_xlsx(tmp_path / "hv.xlsx"),
        "--case",
        "C-1",
        store=store,
    )
    shown = chronology("timeline", "--case", "C-1", "--json", store=store)
    entries = json.loads(shown.stdout)
    assert [e["source"]["record_ref"] for e in entries] == [
        "HV-100",
        "NP-1",
        "NP-2",
        "HV-101",
        "NP-3",
    ]
    assert set(entries[0]) >= {
        "id",
        "occurred",
        "precision",
        "uncertain",
        "recorded_on",
        "organisation",
        "agency",
        "area",
        "event_type",
        "summary",
        "subjects",
        "source",
        "shared_with",
        "status",
        "version",
    }
    assert entries[1]["source"] == {
        "organisation": "NORTHSHIRE POLICE",
        "record_ref": "NP-1",
        "extract": entries[1]["source"]["extract"],
        "row": 2,
    }


def test_an_invalid_extract_exits_1_lists_every_problem_and_stores_nothing(
    tmp_path: Path, store: Path
) -> None:
    broken = (
        police_extract()
        .event("NP-9", "12/25/2024")
        .event("NP-9", "01/01/2024", event_type="home_visit")
    )
    result = chronology(
        "import", broken.write_csv_folder(tmp_path / "b"), "--case", "C-1", store=store
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("events:5:occurred: ") for line in lines)
    assert any(line.startswith("events:6:record_ref: ") for line in lines)
    assert "Nothing was stored" in result.stdout
    assert chronology("timeline", "--case", "C-1", store=store).returncode == 1


def test_reimport_is_a_no_op_and_a_correction_shows_version_two_with_its_history(
    store: Path,
) -> None:
    demo = ROOT / "fixtures" / "demo" / "cases" / "DEMO-001" / "04-northshire-health-visiting"
    assert chronology("import", demo, "--case", "DEMO-001", store=store).returncode == 0
    again = chronology("import", demo, "--case", "DEMO-001", store=store)
    assert "already imported" in again.stdout and " 0 new, 0 amended" in again.stdout
    corrected = chronology("import", DEMO_CORRECTION / demo.name, "--case", "DEMO-001", store=store)
    assert "1 new, 1 amended, 17 unchanged, 1 withdrawn" in corrected.stdout
    entries = json.loads(chronology("timeline", "--case", "DEMO-001", "--json", store=store).stdout)
    amended = next(e for e in entries if e["source"]["record_ref"] == "NHV-24-006")
    assert amended["version"] == 2
    assert "NHV-24-008" not in {e["source"]["record_ref"] for e in entries}
    history = chronology(
        "history",
        "--case",
        "DEMO-001",
        "--organisation",
        amended["organisation"],
        "--record-ref",
        "NHV-24-006",
        store=store,
    )
    assert "Amended" in history.stdout and "summary" in history.stdout


def test_as_at_shows_only_what_was_recorded_by_then(tmp_path: Path, store: Path) -> None:
    chronology(
        "import", police_extract().write_csv_folder(tmp_path / "p"), "--case", "C-1", store=store
    )
    early = json.loads(
        chronology(
            "timeline", "--case", "C-1", "--as-at", "05/03/2024", "--json", store=store
        ).stdout
    )
    later = json.loads(
        chronology(
            "timeline", "--case", "C-1", "--as-at", "2024-03-06", "--json", store=store
        ).stdout
    )
    assert (len(early), [e["source"]["record_ref"] for e in later]) == (0, ["NP-1"])


def test_csv_output_neutralises_formulas(tmp_path: Path, store: Path) -> None:
    risky = police_extract()
    risky.events[0]["summary"] = '=HYPERLINK("http://example.invalid","open")'
    chronology("import", risky.write_csv_folder(tmp_path / "p"), "--case", "C-1", store=store)
    rows = list(
        csv.DictReader(
            io.StringIO(chronology("timeline", "--case", "C-1", "--csv", store=store).stdout)
        )
    )
    assert rows[0]["summary"] == "'" + risky.events[0]["summary"]
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_an_unknown_case_is_a_clear_error(store: Path) -> None:
    result = chronology("timeline", "--case", "NO-SUCH-CASE", store=store)
    assert result.returncode == 1 and "no case 'NO-SUCH-CASE'" in result.stderr


def test_demo_loads_every_demo_case(tmp_path: Path) -> None:
    demo_store = tmp_path / ".demo" / "chronology.sqlite"
    loaded = chronology("demo", store=demo_store)
    assert loaded.returncode == 0, loaded.stderr
    cases = chronology("cases", store=demo_store).stdout.split()
    assert cases == ["DEMO-001", "DEMO-002"]
    entries = json.loads(
        chronology("timeline", "--case", "DEMO-001", "--json", store=demo_store).stdout
    )
    assert len(entries) >= 150
    assert len({e["organisation"] for e in entries}) >= 6
    assert len({e["area"] for e in entries}) >= 2
    assert [e["occurred_from"] for e in entries] == sorted(e["occurred_from"] for e in entries)
