"""Rules over the family graph (RULES.md rules 2, 5, 6): each shown to fire and not to."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import chronology.rules.parental_responsibility_unrecorded
import chronology.rules.parental_risk_combination
import chronology.rules.unseen_adult  # noqa: F401 - registers the rules until the catalogue does
from chronology.rules.flag import Flag
from chronology.service import ChronologyService
from tests.builders import GP, HEALTH_VISITING, ExtractBuilder
from tests.integration.test_rules import CASE, _flags, memory

__all__ = ["memory"]

PR = "parental-responsibility-unrecorded"
UNSEEN = "unseen-adult"
COMBINATION = "parental-risk-combination"
NO_FATHER = "No father recorded by any health agency"

FINN = {"date_of_birth": "14/08/2024", "sex": "male"}
KERRY = {"date_of_birth": "12/04/1998", "sex": "female"}
DEAN = {"date_of_birth": "03/03/1990", "sex": "male"}


def _extract(organisation: str, agency: str, *people: str) -> ExtractBuilder:
    builder = ExtractBuilder(organisation=organisation, agency=agency)
    known = {"Finn": FINN, "Kerry": KERRY, "Dean": DEAN}
    for given in people:
        family = "Smith" if given == "Dean" else "Doyle"
        builder.person(given[0], given, family, **known[given])
    return builder


def _health_visiting(**kerry_pr: str) -> ExtractBuilder:
    return (
        _extract(HEALTH_VISITING, "health_visiting", "Finn", "Kerry")
        .relationship("K", "mother", "F", lives_with_child="yes", **kerry_pr)
        .event("HV1", "01/10/2024", "new_birth_visit", "F")
    )


def _import(service: ChronologyService, tmp_path: Path, builder: ExtractBuilder) -> None:
    service.import_file(
        builder.write_csv_folder(tmp_path / builder.organisation.replace(" ", "-")), CASE, "test"
    )


def _not_father(flags: list[Flag]) -> list[Flag]:
    return [flag for flag in flags if flag.title != NO_FATHER]


# parental-responsibility-unrecorded


def test_a_mother_whose_pr_no_agency_recorded_is_flagged(
    memory: ChronologyService, tmp_path: Path
) -> None:
    found = _flags(memory, tmp_path, _health_visiting(), PR)
    [flag] = _not_father(found)
    assert flag.severity == "medium"
    assert flag.explanation.startswith(
        "Kerry Doyle is recorded as the mother of Finn Doyle by NORTHSHIRE HEALTH VISITING, but"
        " has not recorded whether Kerry Doyle has parental responsibility."
    )
    assert [item.record_ref for item in flag.evidence] == ["HV1"]
    assert len(flag.people) == 1


def test_pr_recorded_yes_by_one_agency_is_not_unrecorded(
    memory: ChronologyService, tmp_path: Path
) -> None:
    found = _flags(memory, tmp_path, _health_visiting(parental_responsibility="yes"), PR)
    assert _not_father(found) == []


def test_yes_and_no_from_two_agencies_is_a_high_conflict(
    memory: ChronologyService, tmp_path: Path
) -> None:
    police = (
        _extract("NORTHSHIRE POLICE", "police", "Finn", "Dean")
        .relationship("D", "father", "F", parental_responsibility="no")
        .event("N1", "01/11/2024", "police_welfare_check", "F")
    )
    _import(memory, tmp_path, police)
    gp = (
        _extract(GP, "gp", "Finn", "Dean")
        .relationship("D", "father", "F", parental_responsibility="yes")
        .event("G1", "05/11/2024", "gp_consultation", "F")
    )
    [flag] = _flags(memory, tmp_path, gp, PR)  # the GP is health: a father is recorded
    assert flag.severity == "high"
    assert "Dean Smith (father of Finn Doyle)" in flag.explanation
    assert "NORTHSHIRE POLICE no, RIVERSIDE SURGERY yes" in flag.explanation
    assert sorted(item.record_ref for item in flag.evidence) == ["G1", "N1"]


def test_no_father_recorded_by_health_is_flagged(memory: ChronologyService, tmp_path: Path) -> None:
    police = (
        _extract("NORTHSHIRE POLICE", "police", "Finn", "Dean")
        .relationship("D", "father", "F", parental_responsibility="yes")
        .event("N1", "01/11/2024", "police_welfare_check", "F")
    )
    _import(memory, tmp_path, police)
    found = _flags(
        memory, tmp_path, _health_visiting(parental_responsibility="yes"), PR
    )  # police know the father; no health agency does
    [flag] = found
    assert flag.title == NO_FATHER
    assert flag.explanation.startswith("No health agency has recorded a father for Finn Doyle.")
    assert [item.record_ref for item in flag.evidence] == ["HV1"]


def test_an_unrecorded_mother_and_father_are_two_flags_with_different_ids(
    memory: ChronologyService, tmp_path: Path
) -> None:
    hv = _health_visiting().person("D", "Dean", "Smith", **DEAN).relationship("D", "father", "F")
    found = _flags(memory, tmp_path, hv, PR)
    assert len(found) == 2 and found[0].id != found[1].id
    assert all(flag.title != NO_FATHER for flag in found)


# unseen-adult


def _police_knows_dean(*, lives: str = "yes") -> ExtractBuilder:
    return (
        _extract("NORTHSHIRE POLICE", "police", "Kerry", "Dean")
        .relationship("D", "partner", "K", lives_with_child=lives)
        .event("N1", "01/11/2024", "domestic_abuse_incident", "K;D")
    )


def test_a_partner_known_only_to_police_is_an_unseen_adult(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _import(memory, tmp_path, _health_visiting(parental_responsibility="yes"))
    [flag] = _flags(memory, tmp_path, _police_knows_dean(), UNSEEN)
    assert flag.explanation == (
        "Dean Smith (partner of a parent of Finn Doyle) is known only to NORTHSHIRE POLICE"
        " (1 entry), and appears in the records of none of the agencies working with Finn"
        " Doyle: NORTHSHIRE HEALTH VISITING."
    )
    assert [item.record_ref for item in flag.evidence] == ["N1"]
    assert flag.severity == "medium"


def test_an_adult_known_to_an_agency_working_with_the_child_is_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    hv = _health_visiting(parental_responsibility="yes").person("D", "Dean", "Smith", **DEAN)
    _import(memory, tmp_path, hv)
    assert _flags(memory, tmp_path, _police_knows_dean(), UNSEEN) == []


def test_no_flag_when_no_agency_is_working_with_the_child(
    memory: ChronologyService, tmp_path: Path
) -> None:
    police = _police_knows_dean().person("F", "Finn", "Doyle", **FINN)
    police.relationship("K", "mother", "F", lives_with_child="yes")
    police.event("N2", "02/11/2024", "police_welfare_check", "F")
    assert _flags(memory, tmp_path, police, UNSEEN) == []


# parental-risk-combination


def _household(*events: tuple[str, str, str, str]) -> ExtractBuilder:
    police = (
        _extract("NORTHSHIRE POLICE", "police", "Finn", "Kerry", "Dean")
        .relationship("K", "mother", "F", lives_with_child="yes")
        .relationship("D", "partner", "K", lives_with_child="yes")
    )
    for ref, occurred, event_type, subjects in events:
        police.event(ref, occurred, event_type, subjects)
    return police


def _gp_mental_health(occurred: str = "01/06/2025") -> ExtractBuilder:
    return _extract(GP, "gp", "Kerry").event("G1", occurred, "parental_mental_health_concern", "K")


def _substance(occurred: str, who: str = "Dean") -> ExtractBuilder:
    return _extract("NORTHSHIRE RECOVERY", "substance_misuse_service", who).event(
        "S1", occurred, "parental_substance_misuse_concern", who[0]
    )


def test_all_three_factors_within_a_year_with_a_baby_is_high(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _import(memory, tmp_path, _household(("N1", "01/03/2025", "domestic_abuse_incident", "K;D")))
    _import(memory, tmp_path, _gp_mental_health())
    [flag] = _flags(memory, tmp_path, _substance("01/09/2025"), COMBINATION)
    assert flag.severity == "high"
    assert flag.explanation == (
        "domestic abuse (1 by NORTHSHIRE POLICE, about Dean Smith, Kerry Doyle); parental mental"
        " ill-health (1 by RIVERSIDE SURGERY, about Kerry Doyle) and parental substance misuse"
        " (1 by NORTHSHIRE RECOVERY, about Dean Smith) were all recorded for adults in Finn"
        " Doyle's household in the 365 days to 01/09/2025. Finn Doyle in the household is"
        " under 2 or unborn."
    )
    assert [item.record_ref for item in flag.evidence] == ["N1", "G1", "S1"]
    assert len(flag.people) == 2


def test_an_older_child_is_medium(memory: ChronologyService, tmp_path: Path) -> None:
    police = _household(("N1", "01/03/2025", "domestic_abuse_incident", "K;D"))
    police.people[0]["date_of_birth"] = "14/08/2018"
    _import(memory, tmp_path, police)
    _import(memory, tmp_path, _gp_mental_health())
    [flag] = _flags(memory, tmp_path, _substance("01/09/2025"), COMBINATION)
    assert flag.severity == "medium"


def test_two_of_the_three_factors_are_not(memory: ChronologyService, tmp_path: Path) -> None:
    _import(memory, tmp_path, _household(("N1", "01/03/2025", "domestic_abuse_incident", "K;D")))
    assert _flags(memory, tmp_path, _gp_mental_health(), COMBINATION) == []


def test_factors_more_than_twelve_months_apart_are_not(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _import(memory, tmp_path, _household(("N1", "01/03/2025", "domestic_abuse_incident", "K;D")))
    _import(memory, tmp_path, _gp_mental_health())
    assert _flags(memory, tmp_path, _substance("02/03/2026"), COMBINATION) == []


def test_an_adult_outside_the_household_does_not_count(
    memory: ChronologyService, tmp_path: Path
) -> None:
    police = _household(("N1", "01/03/2025", "domestic_abuse_incident", "K;D"))
    police.relationships[1]["lives_with_child"] = "no"  # Dean lives elsewhere
    _import(memory, tmp_path, police)
    _import(memory, tmp_path, _gp_mental_health())
    assert _flags(memory, tmp_path, _substance("01/09/2025"), COMBINATION) == []


def test_the_combination_as_at_a_date_uses_only_what_was_recorded_by_then(
    memory: ChronologyService, tmp_path: Path
) -> None:
    _import(memory, tmp_path, _household(("N1", "01/03/2025", "domestic_abuse_incident", "K;D")))
    _import(memory, tmp_path, _gp_mental_health())
    substance = _substance("01/09/2025")
    substance.events[0]["recorded_on"] = "10/09/2025"
    assert _flags(memory, tmp_path, substance, COMBINATION, as_at=date(2025, 9, 5)) == []
    assert len(_flags(memory, tmp_path, substance, COMBINATION, as_at=date(2025, 9, 10))) == 1
