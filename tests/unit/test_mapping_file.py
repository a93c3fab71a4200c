"""A mapping file is checked whole: each kind of mistake is one clear problem at its place.

The place is the mapping file, the line, and the key as a data officer would look for it
(`columns.occurred.formats[0]`); the message says what is wrong and what was expected.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from adapters.mapped import load_mapping
from adapters.mapped.mapping import LoadedMapping
from adapters.mapped.toml_places import key_lines, line_of
from chronology.problems import Problem

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "formats" / "mapped"
DOCS = ROOT / "docs" / "mapping-format.md"
NAME = "northshire-homes.mapping.toml"
VALID = """\
[extract]
organisation = "NORTHSHIRE HOMES"
agency = "housing"

[columns]
record_ref = "Ref"
occurred = { column = "Date", formats = ["%d/%m/%Y"] }
summary = "Notes"

[event_type]
column = "Type"

[event_type.words]
"Welfare Visit" = "home_visit"

[people]
person_ref = "Person ID"
full_name = "Name"
"""


def _load(text: str, tmp_path: Path) -> LoadedMapping:
    path = tmp_path / NAME
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def _only_error(text: str, tmp_path: Path) -> Problem:
    loaded = _load(text, tmp_path)
    assert loaded.mapping is None
    (problem,) = [p for p in loaded.problems if p.is_error]
    assert problem.sheet == NAME
    return problem


@pytest.mark.parametrize(
    "name", ["northshire-police.mapping.toml", "oakfield-primary.mapping.toml"]
)
def test_the_shipped_mappings_have_no_problems(name: str) -> None:
    loaded = load_mapping(FIXTURES / name)
    assert loaded.problems == [] and loaded.mapping is not None


def _doc_examples() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_every_example_in_the_docs_is_valid_toml() -> None:
    examples = _doc_examples()
    assert len(examples) >= 10
    for example in examples:
        tomllib.loads(example)


def test_the_whole_mappings_in_the_docs_load_without_problems(tmp_path: Path) -> None:
    whole = [text for text in _doc_examples() if "[columns]" in text and "[people]" in text]
    assert len(whole) == 2
    for text in whole:
        loaded = _load(text, tmp_path)
        assert loaded.problems == [] and loaded.mapping is not None


def test_a_valid_mapping_loads_with_its_sha256(tmp_path: Path) -> None:
    loaded = _load(VALID, tmp_path)
    assert loaded.mapping is not None and loaded.problems == [] and len(loaded.sha256) == 64


def test_a_missing_mapping_file_is_one_error(tmp_path: Path) -> None:
    (problem,) = load_mapping(tmp_path / NAME).problems
    assert problem.sheet == NAME and "no mapping file" in problem.message


def test_a_mapping_that_is_not_utf8_is_one_error(tmp_path: Path) -> None:
    (tmp_path / NAME).write_bytes(b'organisation = "\xff"')
    (problem,) = load_mapping(tmp_path / NAME).problems
    assert "not UTF-8" in problem.message


def test_a_mapping_larger_than_a_megabyte_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / NAME).write_bytes(b"#" * (1024 * 1024 + 1))
    (problem,) = load_mapping(tmp_path / NAME).problems
    assert "larger than 1 MB" in problem.message


def test_broken_toml_is_reported_at_its_line(tmp_path: Path) -> None:
    problem = _only_error(VALID.replace('summary = "Notes"', "summary = Notes"), tmp_path)
    assert problem.row == 8 and "not valid TOML" in problem.message


def test_an_unknown_key_is_named_with_its_line_and_the_key_meant(tmp_path: Path) -> None:
    loaded = _load(VALID.replace('summary = "Notes"', 'sumary = "Notes"'), tmp_path)
    by_key = {p.column: p for p in loaded.problems}
    problem = by_key["columns.sumary"]
    assert problem.row == 8 and by_key["columns.summary"].message == "columns.summary is required"
    assert "did you mean 'summary'?" in problem.message
    assert "record_ref" in problem.expected and "shared_with" in problem.expected


def test_a_key_inside_an_inline_table_is_placed_at_its_enclosing_line(tmp_path: Path) -> None:
    problem = _only_error(VALID.replace('formats = ["%d/%m/%Y"]', 'format = "%d/%m/%Y"'), tmp_path)
    assert (problem.column, problem.row) == ("columns.occurred.format", 7)


def test_a_missing_required_section_is_named(tmp_path: Path) -> None:
    text = VALID.replace('[event_type]\ncolumn = "Type"\n', "").replace("[event_type.words]", "")
    text = text.replace('"Welfare Visit" = "home_visit"', "")
    problem = _only_error(text, tmp_path)
    assert problem.column == "event_type" and "is required" in problem.message


def test_a_missing_required_column_is_named_by_its_key(tmp_path: Path) -> None:
    problem = _only_error(VALID.replace('record_ref = "Ref"\n', ""), tmp_path)
    assert (problem.column, problem.row) == ("columns.record_ref", 5)


def test_a_value_of_the_wrong_kind_says_what_was_expected(tmp_path: Path) -> None:
    problem = _only_error(VALID + '\n[file]\nheader_row = "one"\n', tmp_path)
    assert (problem.column, problem.value) == ("file.header_row", "one")
    assert "whole number" in problem.message


def test_a_number_where_a_column_name_belongs_is_an_error(tmp_path: Path) -> None:
    problem = _only_error(VALID.replace('record_ref = "Ref"', "record_ref = 7"), tmp_path)
    assert problem.column == "columns.record_ref" and "column name" in problem.message


def test_an_unknown_agency_code_suggests_the_nearest(tmp_path: Path) -> None:
    problem = _only_error(VALID.replace('"housing"', '"housng"'), tmp_path)
    assert (problem.column, problem.row, problem.value) == ("extract.agency", 3, "housng")
    assert "did you mean 'housing'?" in problem.message and "police" in problem.expected


def test_an_unknown_event_type_code_is_placed_at_the_word(tmp_path: Path) -> None:
    problem = _only_error(VALID.replace('"home_visit"', '"home_vist"'), tmp_path)
    assert (problem.column, problem.row) == ('event_type.words."Welfare Visit"', 14)
    assert "did you mean 'home_visit'?" in problem.message


def test_one_word_spelled_twice_with_different_codes_is_an_error(tmp_path: Path) -> None:
    text = VALID.replace(
        '"Welfare Visit" = "home_visit"',
        '"Welfare Visit" = "home_visit"\n"welfare  visit" = "phone_contact"',
    )
    problem = _only_error(text, tmp_path)
    assert problem.column == "event_type" and "same word" in problem.message


def test_event_type_needs_a_column_or_a_code_not_both(tmp_path: Path) -> None:
    problem = _only_error(
        VALID.replace('column = "Type"', 'column = "Type"\ncode = "other"'), tmp_path
    )
    assert problem.column == "event_type" and "not both" in problem.message


def test_a_category_column_without_words_is_an_error(tmp_path: Path) -> None:
    text = VALID.replace('[event_type.words]\n"Welfare Visit" = "home_visit"\n', "")
    problem = _only_error(text, tmp_path)
    assert problem.column == "event_type" and "'other'" in problem.message


@pytest.mark.parametrize(
    ("date_format", "said"),
    [("%d/%m", "has no year"), ("%d/%m/%Y %Q", "is not a date format")],
)
def test_a_date_format_that_cannot_read_a_date_is_an_error(
    date_format: str, said: str, tmp_path: Path
) -> None:
    problem = _only_error(VALID.replace("%d/%m/%Y", date_format), tmp_path)
    assert problem.column == "columns.occurred.formats[0]" and said in problem.message


def test_a_template_with_a_lone_brace_is_an_error(tmp_path: Path) -> None:
    text = VALID.replace('summary = "Notes"', 'summary = { template = "{Type: {Notes}" }')
    problem = _only_error(text, tmp_path)
    assert problem.column == "columns.summary" and "brace" in problem.message


def test_a_field_with_two_sources_is_an_error(tmp_path: Path) -> None:
    text = VALID.replace('summary = "Notes"', 'summary = { column = "Notes", value = "Visit" }')
    problem = _only_error(text, tmp_path)
    assert "exactly one of column, template or value" in problem.message


def test_a_yes_no_sharing_column_needs_its_receivers(tmp_path: Path) -> None:
    text = VALID.replace(
        'summary = "Notes"', 'summary = "Notes"\nshared_with = { column = "CSC", when = ["Y"] }'
    )
    problem = _only_error(text, tmp_path)
    assert problem.column == "columns.shared_with" and "receivers" in problem.message


def test_a_word_in_both_yes_and_no_is_an_error(tmp_path: Path) -> None:
    text = (
        VALID
        + '\n[attributes]\nchildren_present = { column = "CP", kind = "yes_no", no = ["y"] }\n'
    )
    problem = _only_error(text, tmp_path)
    assert problem.column == "attributes.children_present" and "both yes and no" in problem.message


def test_a_skip_rule_must_say_when_to_skip(tmp_path: Path) -> None:
    problem = _only_error(VALID + '\n[[skip]]\ncolumn = "Status"\n', tmp_path)
    assert (problem.column, problem.row) == ("skip[0]", 20)


@pytest.mark.parametrize(
    ("name", "said"), [('"DASH Risk"', "not a usable name"), ("roles", "kept by the adapter")]
)
def test_an_attribute_needs_a_usable_name_of_its_own(name: str, said: str, tmp_path: Path) -> None:
    problem = _only_error(VALID + f'\n[attributes]\n{name} = "DASH"\n', tmp_path)
    assert problem.column.startswith("attributes.") and said in problem.message


def test_roles_without_a_role_column_are_an_error(tmp_path: Path) -> None:
    problem = _only_error(VALID + '\n[roles]\nleave_out = ["Witness"]\n', tmp_path)
    assert (problem.column, problem.row) == ("roles", 20)


def test_an_unknown_relationship_code_is_placed_at_the_role_word(tmp_path: Path) -> None:
    text = VALID + 'role = "Role"\n\n[roles]\nrelationships = { "Mum" = "mum" }\n'
    problem = _only_error(text, tmp_path)
    assert problem.column == "roles.relationships.Mum" and "relationship code" in problem.message


def test_a_second_people_table_is_named_by_its_index(tmp_path: Path) -> None:
    text = VALID.replace("[people]", "[[people]]") + '\n[[people]]\nfull_name = "Child"\n'
    problem = _only_error(text, tmp_path)
    assert (problem.column, problem.row) == ("people[1].person_ref", 20)


def test_people_without_any_name_column_are_only_a_warning(tmp_path: Path) -> None:
    loaded = _load(VALID.replace('full_name = "Name"', ""), tmp_path)
    (problem,) = loaded.problems
    assert loaded.mapping is not None and not problem.is_error and problem.column == "people"


def test_a_later_mapping_version_is_refused(tmp_path: Path) -> None:
    problem = _only_error("mapping_version = 2\n" + VALID, tmp_path)
    assert (problem.column, problem.row, problem.value) == ("mapping_version", 1, "2")


def test_every_mistake_in_a_file_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = VALID.replace('"housing"', '"housng"').replace('"home_visit"', '"home_vist"')
    loaded = _load(text + "\n[file]\nheader_row = 0\n", tmp_path)
    assert {p.column for p in loaded.problems} == {
        "extract.agency", 'event_type.words."Welfare Visit"', "file.header_row"
    }  # fmt: skip


def test_key_lines_follow_tables_arrays_and_quoted_keys() -> None:
    lines = key_lines('[a]\nb = 1\n[[c]]\nd = 2\n[[c]]\n"e f".g = 3\n')
    assert lines == {"a": 1, "a.b": 2, "c[0]": 3, "c[0].d": 4, "c[1]": 5, 'c[1]."e f".g': 6}
    assert line_of('c[1]."e f".g.h[2]', lines) == 6 and line_of("z", lines) is None
