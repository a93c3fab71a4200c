"""`POST /api/cases/{case}/extracts`: an agency's upload over the API, stored whole or not at all,
by the people allowed to send it, and recorded in the case's access trail."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from chronology.bootstrap import open_service
from chronology.domain.access import Via
from chronology.domain.account import Role
from chronology.errors import CaseNotFound
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import GP, POLICE, ExtractBuilder, police_extract
from views.web.app import create_app
from views.web.upload_files import MAX_UPLOAD_BYTES

OTHER = "RR-ELSEWHERE"
PASSWORD = "correct horse battery staple"
USERS = {
    "admin": ("Ada Admin", Role.ADMIN, None),
    "chair": ("Cal Chair", Role.CHAIR, None),
    "reviewer": ("Rae Reviewer", Role.REVIEWER, None),
    "uploader": ("Uma Uploader", Role.UPLOADER, GP),
    "outsider": ("Oli Outsider", Role.UPLOADER, GP),
}
NOT_GIVEN = {"Ada Admin", "Oli Outsider"}  # the admin sees every case; the outsider only OTHER
_cases = itertools.count(1)


@dataclass
class Uploads:
    """One test's case in a store shared by the module (accounts are slow to make)."""

    client: TestClient
    service: ChronologyService
    tokens: dict[str, str]
    folder: Path
    case: str

    def send(self, who: str, path: Path, case: str | None = None, **fields: str) -> httpx.Response:
        return self.client.post(
            f"/api/cases/{case or self.case}/extracts",
            headers={"Authorization": f"Bearer {self.tokens[who]}"},
            files={"file": (path.name, path.read_bytes())},
            data=fields,
        )

    def entries(self) -> list[dict[str, Any]]:
        try:
            return self.service.timeline(self.case)
        except CaseNotFound:
            return []


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, ChronologyService, dict[str, str]]]:
    service = open_service(Settings(store=tmp_path_factory.mktemp("up") / "uploads.sqlite"))
    for name, role, organisation in USERS.values():
        cases = [OTHER] if name == "Oli Outsider" else []
        service.accounts.add_user(name, role, PASSWORD, organisation=organisation, cases=cases)
    tokens = {who: service.accounts.issue_token(user[0]) for who, user in USERS.items()}
    with TestClient(create_app(service)) as client:
        yield client, service, tokens
    service.close()


@pytest.fixture
def uploads(
    served: tuple[TestClient, ChronologyService, dict[str, str]], tmp_path: Path
) -> Uploads:
    client, service, tokens = served
    case = f"RR-UPLOAD-{next(_cases)}"
    for name, _, _ in USERS.values():
        if name not in NOT_GIVEN:
            service.accounts.give_cases(name, [case])
    return Uploads(client, service, tokens, tmp_path, case)


def _gp(organisation: str = GP) -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=organisation, agency="gp")
        .person("G1", "Finn", "Doyle", date_of_birth="14/08/2024", sex="male")
        .event("GP-1", "01/10/2024", "appointment_missed", "G1", "Eight-week check missed")
        .event("GP-2", "10/12/2024", "appointment_missed", "G1", "Immunisations missed")
    )


def _broken(folder: Path) -> Path:
    """Three planted errors and a warning, in three different rows."""
    builder = police_extract()
    builder.event("NP-4", "31/02/2024", "arrest", "P1", "An impossible day")
    builder.event("NP-5", "2024-04-02", "not_a_code", "P1", "An unknown type: a warning")
    builder.events.append({"record_ref": "NP-6", "occurred": "2024-04-03", "subjects": "P1"})
    return builder.write_xlsx(folder / "broken.xlsx")


@pytest.mark.parametrize("container", ["xlsx", "zip", "json"])
def test_an_extract_in_each_container_is_stored_and_answered_with_its_counts(
    uploads: Uploads, container: str
) -> None:
    writer = getattr(police_extract(), f"write_{container}")
    answer = uploads.send("reviewer", writer(uploads.folder / f"police.{container}"))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["case"], body["organisation"], body["already_imported"]) == (
        uploads.case,
        POLICE,
        False,
    )
    assert body["entries"] == {"new": 3, "amended": 0, "unchanged": 0, "withdrawn": 0}
    assert body["people"]["new"] == 2 and body["warnings"] == []
    assert [e["source"]["record_ref"] for e in uploads.entries()] == ["NP-1", "NP-2", "NP-3"]


def test_an_invalid_file_gets_every_problem_with_its_place_and_fix_and_nothing_is_stored(
    uploads: Uploads,
) -> None:
    answer = uploads.send("reviewer", _broken(uploads.folder))
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"] == "extract rejected: 3 error(s); nothing was stored"
    places = {(p["severity"], p["place"]) for p in body["problems"]}
    assert places == {
        ("error", "events:5:occurred"),
        ("error", "events:7:event_type"),
        ("error", "events:7:summary"),
        ("warning", "events:6:event_type"),
    }
    assert [p["severity"] for p in body["problems"]][-1] == "warning", "errors come first"
    assert all(p["message"] and p["fix"] for p in body["problems"])
    assert uploads.entries() == []
    assert uploads.case not in uploads.service.case_refs()


def test_the_same_file_again_changes_nothing(uploads: Uploads) -> None:
    path = police_extract().write_zip(uploads.folder / "police.zip")
    assert uploads.send("reviewer", path).status_code == 201
    again = uploads.send("admin", path)
    assert again.status_code == 200
    assert again.json()["already_imported"] is True
    assert again.json()["entries"] == {"new": 0, "amended": 0, "unchanged": 3, "withdrawn": 0}
    assert len(uploads.entries()) == 3
    assert len(uploads.service.extracts(uploads.case)) == 1


def test_a_corrected_file_amends_and_withdraws(uploads: Uploads) -> None:
    assert uploads.send(
        "reviewer", police_extract().write_json(uploads.folder / "a.json")
    ).is_success
    corrected = police_extract()
    corrected.events[1]["summary"] = "Welfare check; Finn seen asleep in his cot"
    corrected.events[2]["status"] = "withdrawn"
    answer = uploads.send("reviewer", corrected.write_json(uploads.folder / "b.json"))
    assert answer.json()["entries"] == {"new": 0, "amended": 1, "unchanged": 1, "withdrawn": 1}


def test_a_file_over_the_size_limit_is_refused_with_413_and_nothing_stored(
    uploads: Uploads,
) -> None:
    big = uploads.folder / "big.json"
    big.write_bytes(b" " * (MAX_UPLOAD_BYTES + 1))
    assert uploads.send("reviewer", big).status_code == 413
    assert uploads.case not in uploads.service.case_refs()


def test_a_file_just_under_the_size_limit_is_read_not_refused(uploads: Uploads) -> None:
    padded = uploads.folder / "padded.json"
    document = police_extract().write_json(uploads.folder / "p.json").read_bytes()
    padded.write_bytes(document + b" " * (MAX_UPLOAD_BYTES - len(document)))
    assert uploads.send("reviewer", padded).status_code == 201


def test_an_uploader_uploads_their_own_organisations_extract(uploads: Uploads) -> None:
    answer = uploads.send("uploader", _gp().write_xlsx(uploads.folder / "gp.xlsx"))
    assert answer.status_code == 201
    assert {entry["organisation"] for entry in uploads.entries()} == {GP}


def test_an_extract_that_names_no_organisation_is_taken_as_the_uploaders(
    uploads: Uploads,
) -> None:
    answer = uploads.send("uploader", _gp(organisation="").write_xlsx(uploads.folder / "gp.xlsx"))
    assert answer.status_code == 201, answer.text
    assert answer.json()["organisation"] == GP


@pytest.mark.parametrize(
    ("file_organisation", "field"),
    [(POLICE, None), (GP, POLICE), ("", POLICE)],
    ids=["in the file", "in the field over the file", "in the field"],
)
def test_an_uploader_is_refused_another_organisations_extract(
    uploads: Uploads, file_organisation: str, field: str | None
) -> None:
    zipped = _gp(organisation=file_organisation).write_zip(uploads.folder / "gp.zip")
    answer = uploads.send("uploader", zipped, **({"organisation": field} if field else {}))
    assert answer.status_code == 403
    assert "an uploader sends only RIVERSIDE SURGERY's extracts" in answer.json()["detail"]
    assert uploads.entries() == []


def test_reviewers_and_admins_upload_for_any_organisation(uploads: Uploads) -> None:
    assert uploads.send("reviewer", _gp().write_json(uploads.folder / "gp.json")).status_code == 201
    police = police_extract().write_json(uploads.folder / "police.json")
    assert uploads.send("admin", police, organisation="Northshire Police").status_code == 201
    assert {entry["organisation"] for entry in uploads.entries()} == {GP, "Northshire Police"}


def test_the_form_fields_win_over_the_files_extract_sheet(uploads: Uploads) -> None:
    path = police_extract().write_xlsx(uploads.folder / "police.xlsx")
    answer = uploads.send("reviewer", path, agency="other", area="Westvale")
    assert answer.status_code == 201
    assert {(e["agency"], e["area"]) for e in uploads.entries()} == {("other", "Westvale")}


def test_a_chair_may_not_upload(uploads: Uploads) -> None:
    answer = uploads.send("chair", police_extract().write_json(uploads.folder / "p.json"))
    assert answer.status_code == 403
    assert uploads.entries() == []


@pytest.mark.parametrize("exists", [True, False])
def test_a_case_not_given_answers_404_whether_or_not_it_exists(
    uploads: Uploads, exists: bool
) -> None:
    uploads.send("reviewer", police_extract().write_json(uploads.folder / "seed.json"))
    case = uploads.case if exists else "RR-NOWHERE"
    answer = uploads.send("outsider", _gp().write_json(uploads.folder / "gp.json"), case=case)
    assert answer.status_code == 404
    assert answer.json()["detail"] == "there is no such case, or it has not been given to you"
    assert {entry["organisation"] for entry in uploads.entries()} == {POLICE}


def test_without_a_token_an_upload_is_refused_401(uploads: Uploads) -> None:
    path = police_extract().write_json(uploads.folder / "p.json")
    answer = uploads.client.post(
        f"/api/cases/{uploads.case}/extracts", files={"file": (path.name, path.read_bytes())}
    )
    assert answer.status_code == 401
    assert uploads.entries() == []


def test_every_upload_is_in_the_case_access_trail(uploads: Uploads) -> None:
    uploads.send("uploader", _gp().write_json(uploads.folder / "gp.json"))
    uploads.send("reviewer", _broken(uploads.folder))
    trail = [(r.account, r.what, r.via) for r in uploads.service.accounts.access_log(uploads.case)]
    assert trail == [("Uma Uploader", "upload", Via.API), ("Rae Reviewer", "upload", Via.API)]


def test_a_file_that_is_not_an_extract_is_a_422_naming_the_file(uploads: Uploads) -> None:
    notes = uploads.folder / "notes.txt"
    notes.write_text("Minutes of the strategy meeting", encoding="utf-8")
    answer = uploads.send("reviewer", notes)
    assert answer.status_code == 422
    [problem] = answer.json()["problems"]
    assert problem["place"] == "notes.txt::"
    assert "Minutes" not in answer.text


def test_the_uploaded_file_is_deleted_once_read_whatever_the_outcome(
    uploads: Uploads, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    assert uploads.send("uploader", _gp().write_xlsx(tmp_path / "gp.xlsx")).status_code == 201
    assert uploads.send("reviewer", _broken(tmp_path)).status_code == 422
    assert (
        uploads.send("uploader", police_extract().write_zip(tmp_path / "p.zip")).status_code == 403
    )
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize("sent", ["../../police.json", "..\\..\\police.json", "/x/police.json"])
def test_only_the_base_of_the_uploaded_file_name_is_used(
    uploads: Uploads, sent: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outer = tmp_path / "outer"
    temporary = outer / "inner"
    temporary.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    path = police_extract().write_json(uploads.folder / "p.json")
    answer = uploads.client.post(
        f"/api/cases/{uploads.case}/extracts",
        headers={"Authorization": f"Bearer {uploads.tokens['reviewer']}"},
        files={"file": (sent, path.read_bytes())},
    )
    assert answer.status_code == 201
    assert answer.json()["file"] == "police.json"
    assert list(outer.rglob("*")) == [temporary], "nothing written beside the temporary folder"


FORMATS_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "formats"


def test_a_census_xml_is_recognised_and_stored_as_the_council_said(uploads: Uploads) -> None:
    census = FORMATS_DIR / "cin_census" / "northshire-cin-2026.xml"
    answer = uploads.send("reviewer", census, organisation="NORTHSHIRE CHILDREN'S SERVICES")
    assert answer.status_code == 201, answer.text
    assert {entry["organisation"] for entry in uploads.entries()} == {
        "NORTHSHIRE CHILDREN'S SERVICES"
    }


def test_an_agencys_own_export_is_read_through_the_mapping_sent_with_it(uploads: Uploads) -> None:
    police = FORMATS_DIR / "mapped" / "northshire-police-incidents.csv"
    mapping = FORMATS_DIR / "mapped" / "northshire-police.mapping.toml"
    answer = uploads.client.post(
        f"/api/cases/{uploads.case}/extracts",
        headers={"Authorization": f"Bearer {uploads.tokens['reviewer']}"},
        files={
            "file": (police.name, police.read_bytes()),
            "mapping": (mapping.name, mapping.read_bytes()),
        },
    )
    assert answer.status_code == 201, answer.text
    assert {entry["agency"] for entry in uploads.entries()} == {"police"}


def test_a_format_there_is_not_is_refused_with_the_ones_there_are(
    uploads: Uploads, tmp_path: Path
) -> None:
    extract = _gp().write_json(tmp_path / "gp.json")
    answer = uploads.send("reviewer", extract, format="word")
    assert answer.status_code == 422
    assert "use one of canonical, cin-xml, fhir, annex-a, mapped" in answer.json()["detail"]
    assert uploads.entries() == []


def test_a_named_format_that_does_not_fit_the_file_lists_the_problems(
    uploads: Uploads, tmp_path: Path
) -> None:
    extract = _gp().write_json(tmp_path / "gp.json")
    answer = uploads.send("reviewer", extract, format="fhir")
    assert answer.status_code == 422
    assert answer.json()["problems"], "read as FHIR, the canonical JSON is not a bundle"
    assert uploads.entries() == []
