from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from chronology.people.graph import build_graph
from tests.unit.test_family_graph import (
    CRAIG,
    DEAN,
    FINN,
    KERRY,
    MASON,
    POLICE,
    a_fact,
    a_person,
    the_family,
)
from views.family_svg import render_family_svg

SVG = "{http://www.w3.org/2000/svg}"
ON = date(2024, 11, 1)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, the thing under test


def family_picture() -> ET.Element:
    return parse(render_family_svg(build_graph(*the_family()), "Finn and Mason", on=ON))


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def person_box(root: ET.Element, person_id: str) -> tuple[float, float, float, float]:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("data-person") == person_id)
    return _bounds(next(group.iter(f"{SVG}rect")))


def _bounds(rect: ET.Element) -> tuple[float, float, float, float]:
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    return x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0))


def household_holds(root: ET.Element, person_id: str) -> bool:
    household = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "household")
    left, top, right, bottom = _bounds(household)
    x0, y0, x1, y1 = person_box(root, person_id)
    return left <= x0 and x1 <= right and top <= y0 and y1 <= bottom


def label_text(root: ET.Element, source: str, target: str) -> str:
    label = next(
        g
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "label" and (g.get("data-from"), g.get("data-to")) == (source, target)
    )
    return " ".join(element.text or "" for element in label.iter(f"{SVG}text"))


def classes(root: ET.Element, person_id: str) -> set[str]:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("data-person") == person_id)
    return set(group.get("class", "").split())


def test_the_picture_parses_as_svg() -> None:
    assert family_picture().tag == f"{SVG}svg"


def test_each_persons_name_appears_once_as_text() -> None:
    people, _ = the_family()
    shown = texts(family_picture())

    assert {person.name: shown.count(person.name) for person in people} == {
        person.name: 1 for person in people
    }


def test_a_name_like_a_script_tag_is_shown_as_text() -> None:
    mallory = a_person("<script>alert(1)</script>", known_to=(POLICE,))
    svg = render_family_svg(build_graph([mallory, FINN], []), "<b>case</b>", on=ON)

    assert "<script>" not in svg
    assert "<script>alert(1)</script>" in texts(parse(svg))


def test_unrecorded_pr_is_shown_on_the_new_partners_link() -> None:
    assert "PR: unrecorded" in label_text(family_picture(), CRAIG.id, FINN.id)


def test_the_mothers_link_shows_pr_yes_and_its_basis() -> None:
    assert label_text(family_picture(), KERRY.id, FINN.id) == "mother · PR: yes birth mother"


def test_conflicting_pr_says_which_agencies_said_what() -> None:
    label = label_text(family_picture(), DEAN.id, FINN.id)

    assert "PR: conflicting" in label
    assert "no: police · yes: health visiting" in label


def test_the_household_box_holds_the_people_living_with_the_children() -> None:
    root = family_picture()

    assert all(household_holds(root, person.id) for person in (KERRY, CRAIG, FINN, MASON))


def test_the_father_who_moved_out_is_drawn_outside_the_household() -> None:
    assert not household_holds(family_picture(), DEAN.id)


def test_an_adult_known_to_one_agency_only_is_marked() -> None:
    root = family_picture()

    assert "single-agency" in classes(root, CRAIG.id)
    assert "! known to probation only" in texts(root)


def test_an_adult_known_to_several_agencies_is_not_marked() -> None:
    assert "single-agency" not in classes(family_picture(), KERRY.id)


def test_children_and_unborn_children_are_drawn_apart_from_adults() -> None:
    root = family_picture()

    assert [sorted(classes(root, person)) for person in (FINN.id, "baby-walsh", KERRY.id)] == [
        ["child", "person"],
        ["child", "person", "unborn"],
        ["adult", "person"],
    ]


def test_generations_are_drawn_in_rows_parents_above_children() -> None:
    root = family_picture()

    assert person_box(root, KERRY.id)[3] < person_box(root, FINN.id)[1]


def test_without_a_recorded_household_no_box_is_drawn() -> None:
    facts = [a_fact(KERRY, "mother", FINN, parental_responsibility="yes")]
    root = parse(render_family_svg(build_graph([KERRY, FINN], facts), "Finn", on=ON))

    assert not [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "household"]


def test_the_picture_is_the_same_every_time() -> None:
    graph = build_graph(*the_family())

    assert render_family_svg(graph, "Finn", on=ON) == render_family_svg(graph, "Finn", on=ON)


def test_an_empty_network_still_draws() -> None:
    assert parse(render_family_svg(build_graph([], []), "empty", on=ON)).tag == f"{SVG}svg"
