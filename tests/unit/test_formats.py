"""Which adapter reads a file: recognised from the file itself, or named with --format."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.canonical import MetadataOverrides
from adapters.formats import FORMATS, UnknownFormat, adapter, detect, read_extract
from tests.builders import ExtractBuilder

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats"
CIN = FIXTURES / "cin_census" / "northshire-cin-2026.xml"
ANNEX_A = FIXTURES / "annex_a" / "northshire-annex-a-2026.xlsx"
FHIR = FIXTURES / "fhir" / "riverside-surgery-bundle.json"
POLICE_CSV = FIXTURES / "mapped" / "northshire-police-incidents.csv"
POLICE_MAPPING = FIXTURES / "mapped" / "northshire-police.mapping.toml"
COUNCIL = MetadataOverrides(organisation="NORTHSHIRE CHILDREN'S SERVICES")


def _canonical() -> ExtractBuilder:
    return ExtractBuilder().person("P1", "Finn", "Doyle").event("R1", "05/03/2024")


def test_every_format_has_an_adapter_that_names_itself() -> None:
    assert FORMATS == ("canonical", "cin-xml", "fhir", "annex-a", "mapped")
    for name in FORMATS[1:]:
        module = adapter(name)
        assert name == module.FORMAT
        assert callable(module.recognises) and callable(module.read)


@pytest.mark.parametrize(
    ("path", "expected"),
    [(CIN, "cin-xml"), (ANNEX_A, "annex-a"), (FHIR, "fhir"), (POLICE_CSV, "canonical")],
)
def test_each_agency_format_is_recognised_from_the_file(path: Path, expected: str) -> None:
    assert detect(path) == expected


@pytest.mark.parametrize("container", ["write_xlsx", "write_json", "write_zip", "write_csv_folder"])
def test_the_canonical_extract_is_recognised_in_every_container(
    container: str, tmp_path: Path
) -> None:
    written = getattr(_canonical(), container)(tmp_path / f"extract.{container[6:]}")
    assert detect(written) == "canonical"


def test_a_mapping_file_means_the_mapped_format() -> None:
    assert detect(POLICE_CSV, POLICE_MAPPING) == "mapped"
    parsed = read_extract(POLICE_CSV, mapping=POLICE_MAPPING)
    assert parsed.entries and not parsed.errors


def test_a_recognised_file_is_read_by_its_own_adapter() -> None:
    parsed = read_extract(CIN, COUNCIL)
    assert not parsed.errors
    assert {entry.event_type for entry in parsed.entries} >= {"referral", "cp_plan_started"}


def test_a_named_format_wins_over_what_the_file_looks_like() -> None:
    parsed = read_extract(CIN, COUNCIL, format="fhir")
    assert parsed.errors, "read as FHIR, the census is not a bundle"
    assert not parsed.entries


def test_an_unknown_format_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(UnknownFormat, match="there is no format 'word'; use one of canonical"):
        read_extract(CIN, format="word")


def test_a_mapping_with_another_format_is_refused() -> None:
    with pytest.raises(UnknownFormat, match="a mapping file goes with the mapped format"):
        read_extract(POLICE_CSV, format="fhir", mapping=POLICE_MAPPING)
