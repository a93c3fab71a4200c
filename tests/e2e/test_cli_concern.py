"""`chronology flags --chart FILE` as a reviewer runs it on the demo case: the flags and a PNG."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from tests.e2e.test_cli import chronology


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("concern") / ".demo" / "chronology.sqlite"
    assert chronology("demo", store=store).returncode == 0
    return store


def test_flags_json_with_a_chart_keeps_stdout_one_json_document(
    demo_store: Path, tmp_path: Path
) -> None:
    chart = tmp_path / "concern.png"
    shown = chronology(
        "flags",
        "--case",
        "DEMO-001",
        "--as-at",
        "06/11/2024",
        "--json",
        "--chart",
        chart,
        store=demo_store,
    )
    assert shown.returncode == 0, shown.stderr
    flags = json.loads(shown.stdout)
    assert any(flag["rule"] == "cumulative-risk" for flag in flags)
    assert f"Wrote {chart}" in shown.stderr
    with Image.open(chart) as image:
        assert image.format == "PNG" and image.width == 1753


def test_flags_with_a_chart_still_prints_the_table(demo_store: Path, tmp_path: Path) -> None:
    chart = tmp_path / "concern.png"
    shown = chronology("flags", "--case", "DEMO-002", "--chart", chart, store=demo_store)
    assert shown.returncode == 0, shown.stderr
    assert "Case DEMO-002:" in shown.stdout and f"Wrote {chart}" in shown.stdout
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_a_chart_in_a_folder_that_does_not_exist_is_refused(
    demo_store: Path, tmp_path: Path
) -> None:
    chart = tmp_path / "missing" / "concern.png"
    shown = chronology("flags", "--case", "DEMO-001", "--chart", chart, store=demo_store)
    assert shown.returncode == 2
    assert f"the folder {chart.parent} does not exist" in shown.stderr
    assert shown.stdout == "" and not chart.parent.exists()
