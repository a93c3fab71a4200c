"""`chronology template --output FILE`: the blank extract workbook, written by the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.e2e.test_cli import ROOT


def _template(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "views.cli", "template", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


def test_the_template_is_written_where_asked(tmp_path: Path) -> None:
    output = tmp_path / "extract.xlsx"
    done = _template("--output", output)
    assert done.returncode == 0, done.stderr
    assert f"Wrote {output}" in done.stdout
    book = load_workbook(output)
    assert book.sheetnames[:1] == ["Instructions"]
    assert {"extract", "people", "relationships", "events"} <= set(book.sheetnames)


def test_a_missing_folder_is_refused_by_name(tmp_path: Path) -> None:
    done = _template("--output", tmp_path / "nowhere" / "extract.xlsx")
    assert done.returncode == 2
    assert "does not exist" in done.stderr
