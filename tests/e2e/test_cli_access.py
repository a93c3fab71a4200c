"""Reads at the command line go into the case's access trail, as page and API reads do: who
(the login name), what, "cli"; a command that finds no case records nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronology.bootstrap import open_service
from chronology.domain.access import Via
from chronology.settings import Settings
from tests.builders import GP, ExtractBuilder
from views.cli import app
from views.cli_access import login_name

CASE = "RR-CLI-READS"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "reads.sqlite"
    gp = ExtractBuilder(organisation=GP, agency="gp").person(
        "G1", "Finn", "Doyle", date_of_birth="02/11/2023", sex="male"
    )
    gp.event("G-1", "10/03/2024", "gp_consultation", "G1", "Bruise on cheek")
    service = open_service(Settings(store=path))
    try:
        service.import_file(gp.write_csv_folder(tmp_path / "gp"), CASE, "test")
    finally:
        service.close()
    return path


def _trail(store: Path) -> list[tuple[str, str, Via]]:
    service = open_service(Settings(store=store))
    try:
        return [(read.account, read.what, read.via) for read in service.accounts.access_log(CASE)]
    finally:
        service.close()


def test_every_read_command_is_in_the_access_trail_with_who_and_what(
    store: Path, tmp_path: Path
) -> None:
    reads = {
        "timeline": ["timeline"],
        "entry history": ["history", "--organisation", GP, "--record-ref", "G-1"],
        "people": ["people"],
        "possible matches": ["matches"],
        "family network": ["graph", "--output", str(tmp_path / "family.svg")],
        "flags": ["flags"],
        "flag reviews": ["flag", "reviews"],
        "review work": ["review", "show"],
        f"what {GP} knew": ["knew", "--organisation", GP],
        "export (csv)": ["export", "--format", "csv", "--output", str(tmp_path / "c.csv")],
    }
    runner = CliRunner()
    for command in reads.values():
        done = runner.invoke(app, [*command, "--case", CASE, "--store", str(store)])
        assert done.exit_code == 0, (command, done.output)
    trail = _trail(store)
    assert sorted(what for _, what, _ in trail) == sorted(reads)
    assert {(who, via) for who, _, via in trail} == {(login_name(), Via.CLI)}


def test_a_command_for_a_case_not_in_the_store_records_nothing(store: Path) -> None:
    done = CliRunner().invoke(app, ["timeline", "--case", "NO-SUCH", "--store", str(store)])
    assert done.exit_code == 1
    service = open_service(Settings(store=store))
    try:
        assert service.accounts.access_log("NO-SUCH") == []
    finally:
        service.close()
