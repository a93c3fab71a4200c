"""Deterministic builders of canonical extracts, with memorable values, in every container."""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from adapters.canonical.schema import EVENTS, EXTRACT, PEOPLE, RELATIONSHIPS

POLICE = "NORTHSHIRE POLICE"
HEALTH_VISITING = "NORTHSHIRE HEALTH VISITING"
GP = "RIVERSIDE SURGERY"
VALID_NHS = "943 476 5919"


@dataclass
class ExtractBuilder:
    """One organisation's extract; rows are dicts of column -> cell value."""

    organisation: str = POLICE
    agency: str = "police"
    area: str = "Northshire"
    people: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def person(self, ref: str, given: str = "", family: str = "", **more: Any) -> ExtractBuilder:
        self.people.append({"person_ref": ref, "given_names": given, "family_name": family, **more})
        return self

    def event(
        self,
        ref: str,
        occurred: Any,
        event_type: str = "home_visit",
        subjects: str = "P1",
        summary: str = "",
        **more: Any,
    ) -> ExtractBuilder:
        self.events.append(
            {
                "record_ref": ref,
                "occurred": occurred,
                "event_type": event_type,
                "subjects": subjects,
                "summary": summary or f"Entry {ref}",
                **more,
            }
        )
        return self

    def relationship(
        self, person: str, relationship: str, related: str, **more: Any
    ) -> ExtractBuilder:
        self.relationships.append(
            {
                "person_ref": person,
                "relationship": relationship,
                "related_person_ref": related,
                **more,
            }
        )
        return self

    def sheets(self) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
        meta = [{"organisation": self.organisation, "agency": self.agency, "area": self.area}]
        return {
            "extract": (EXTRACT, meta),
            "people": (_columns(PEOPLE, self.people), self.people),
            "relationships": (_columns(RELATIONSHIPS, self.relationships), self.relationships),
            "events": (_columns(EVENTS, self.events), self.events),
        }

    def write_csv_folder(self, folder: Path, encoding: str = "utf-8") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, (columns, rows) in self.sheets().items():
            with (folder / f"{name}.csv").open("w", newline="", encoding=encoding) as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
        return folder

    def write_zip(self, path: Path) -> Path:
        folder = self.write_csv_folder(path.with_suffix(".parts"))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for csv_file in sorted(folder.iterdir()):
                archive.write(csv_file, csv_file.name)
        return path

    def write_xlsx(self, path: Path) -> Path:
        book = Workbook()
        book.remove(book.active)
        for name, (columns, rows) in self.sheets().items():
            sheet = book.create_sheet(name)
            sheet.append(columns)
            for row in rows:
                sheet.append([row.get(column) for column in columns])
        book.save(path)
        return path

    def write_json(self, path: Path) -> Path:
        document: dict[str, Any] = {name: rows for name, (_, rows) in self.sheets().items()}
        document["extract"] = document["extract"][0]
        path.write_text(json.dumps(document, default=str), encoding="utf-8")
        return path


def _columns(contract: list[str], rows: list[dict[str, Any]]) -> list[str]:
    used = [column for column in contract if any(column in row for row in rows)]
    extra = [key for row in rows for key in row if key not in contract]
    return used + list(dict.fromkeys(extra))


def police_extract() -> ExtractBuilder:
    """Kerry and baby Finn, as the police know them: three entries across March 2024."""
    return (
        ExtractBuilder()
        .person(
            "P1", "Kerry", "Doyle", known_as="Kerry Walsh", date_of_birth="12/04/1998", sex="female"
        )
        .person("P2", "Finn", "Doyle", date_of_birth="02/11/2023", sex="male")
        .event(
            "NP-1",
            "05/03/2024 14:20",
            "domestic_abuse_incident",
            "P1;P2",
            "Call-out to the family home after a neighbour heard shouting",
            recorded_on="06/03/2024",
            shared_with="childrens_social_care",
            attributes='{"children_present": true, "dash_risk": "medium"}',
        )
        .event(
            "NP-2", "2024-03-20", "police_welfare_check", "P2", "Welfare check; Finn seen asleep"
        )
        .event("NP-3", "28/03/2024", "arrest", "P1", "Kerry arrested after a further incident")
    )


def health_visiting_extract() -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=HEALTH_VISITING, agency="health_visiting")
        .person("HV-9", "Finn", "Doyle", nhs_number=VALID_NHS, date_of_birth="2023-11-02")
        .person("HV-10", "Kerry", "Walsh")
        .event(
            "HV-100",
            "2024-03-05",
            "home_visit",
            "HV-9;HV-10",
            "Health visitor home visit",
            child_seen="yes",
        )
        .event(
            "HV-101", "2024-03-21", "no_access_visit", "HV-9", "No access: no answer at the door"
        )
    )
