"""`chronology import` reads each agency format, recognised or named with --format."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import ROOT, chronology

FIXTURES = ROOT / "fixtures" / "formats"
COUNCIL = "NORTHSHIRE CHILDREN'S SERVICES"


def test_a_census_a_bundle_and_a_mapped_export_merge_into_one_timeline(tmp_path: Path) -> None:
    store = tmp_path / "formats.sqlite"
    census = FIXTURES / "cin_census" / "northshire-cin-2026.xml"
    first = chronology(
        "import", census, "--case", "RR-FORMATS", "--organisation", COUNCIL, store=store
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Entries:" in first.stdout and " new," in first.stdout
    bundle = FIXTURES / "fhir" / "riverside-surgery-bundle.json"
    second = chronology("import", bundle, "--case", "RR-FORMATS", store=store)
    assert second.returncode == 0, second.stdout + second.stderr
    police = FIXTURES / "mapped" / "northshire-police-incidents.csv"
    mapping = FIXTURES / "mapped" / "northshire-police.mapping.toml"
    third = chronology("import", police, "--case", "RR-FORMATS", "--mapping", mapping, store=store)
    assert third.returncode == 0, third.stdout + third.stderr
    timeline = chronology("timeline", "--case", "RR-FORMATS", "--json", store=store)
    organisations = {entry["organisation"] for entry in json.loads(timeline.stdout)}
    assert len(organisations) == 3 and COUNCIL in organisations


def test_the_census_without_an_organisation_says_which_option_to_use(tmp_path: Path) -> None:
    census = FIXTURES / "cin_census" / "northshire-cin-2026.xml"
    answer = chronology("import", census, "--case", "RR-1", store=tmp_path / "s.sqlite")
    assert answer.returncode == 1
    assert "--organisation" in answer.stdout
    assert "Nothing was stored" in answer.stdout


def test_an_unknown_format_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    census = FIXTURES / "cin_census" / "northshire-cin-2026.xml"
    answer = chronology(
        "import", census, "--case", "RR-1", "--format", "word", store=tmp_path / "s.sqlite"
    )
    assert answer.returncode == 2
    assert "there is no format 'word'; use one of canonical, cin-xml, fhir, annex-a, mapped" in (
        answer.stderr
    )
