"""The review-document exports of the Marsh case (fictional), each opened again with a library:
Word with python-docx, Excel with openpyxl, CSV with the csv module. Named and anonymised."""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from chronology.bootstrap import open_service
from chronology.domain.review_work import Rag
from chronology.service import ChronologyService
from chronology.settings import Settings
from tests.builders import HEALTH_VISITING, POLICE, VALID_NHS, ExtractBuilder
from views.exports.csv_file import write_csv
from views.exports.document import ReviewChronology, build_document
from views.exports.excel import ENTRY_COLUMNS, write_xlsx
from views.exports.word import write_docx

CASE = "RR-MARSH-2024"
PRODUCED = date(2024, 6, 3)
HYPERLINK = '=HYPERLINK("http://example.test/x","Open the record")'
NAMES = ("Poppy", "Jade", "Marsh", "Ryan", "Cole", "Sandra", "Walsh")
NHS_FORMS = (VALID_NHS, VALID_NHS.replace(" ", ""))
BIRTH_DATES = ("12/04/1998", "02/11/2023", "1998-04-12", "2023-11-02")
REVIEWER = "Ann Reviewer"


def _police() -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=POLICE, agency="police")
        .person("P1", "Jade", "Marsh", known_as="Jade Walsh", date_of_birth="12/04/1998")
        .person("P2", "Poppy", "Marsh", date_of_birth="02/11/2023")
        .person("P3", "Ryan", "Cole", date_of_birth="30/01/1994", sex="male")
        .event(
            "NP-10",
            "14/02/2024 23:10",
            "domestic_abuse_incident",
            "P1;P2;P3",
            "Call-out: Ryan Cole and Jade shouting; Poppy asleep upstairs",
            detail="Jade Marsh (DOB 12/04/1998) said Ryan had pushed her.",
            shared_with="childrens_social_care",
            shared_on="15/02/2024",
        )
        .event("NP-11", "02/03/2024", "police_welfare_check", "P2", HYPERLINK)
    )


def _health_visiting() -> ExtractBuilder:
    return (
        ExtractBuilder(organisation=HEALTH_VISITING, agency="health_visiting")
        .person("HV-1", "Poppy", "Marsh", nhs_number=VALID_NHS, date_of_birth="2023-11-02")
        .person("HV-2", "Jade", "Marsh", sex="female", date_of_birth="1998-04-12")
        .person("HV-3", "Sandra", "Marsh", sex="female")
        .relationship("HV-2", "mother", "HV-1")
        .relationship("HV-3", "grandparent", "HV-1")
        .relationship("HV-3", "mother", "HV-2")
        .event(
            "HV-20",
            "20/02/2024",
            "home_visit",
            "HV-1;HV-2",
            f"Home visit; Poppy Marsh (NHS {VALID_NHS}) weighed",
            child_seen="yes",
            child_voice="Poppy babbled and smiled at Sandra",
            outcome="Weekly visits agreed with Jade",
        )
        .event("HV-21", "?04/2024", "no_access_visit", "HV-1", "No access: nobody answered")
        .event("HV-22", "01/05/2024", "home_visit", "HV-1", "Visit after the review period")
    )


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChronologyService]:
    """The Marsh case: police and health visiting, a review period (February to April
    2024), two entries rated and one noted by the reviewer."""
    folder = tmp_path_factory.mktemp("marsh")
    opened = open_service(Settings(store=folder / "store.sqlite"))
    for name, builder in (("police", _police()), ("hv", _health_visiting())):
        opened.import_file(builder.write_json(folder / f"{name}.json"), CASE, "uploader")
    ids = {entry["source"]["record_ref"]: entry["id"] for entry in opened.timeline(CASE)}
    opened.set_review_period(CASE, date(2024, 2, 1), date(2024, 4, 30), REVIEWER)
    opened.rate_entry(CASE, ids["NP-10"], Rag.RED, REVIEWER)
    opened.rate_entry(CASE, ids["HV-20"], Rag.GREEN, REVIEWER)
    opened.note_entry(CASE, ids["NP-10"], "Ryan's violence was not shared with HV", REVIEWER)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def named(service: ChronologyService) -> ReviewChronology:
    return build_document(service, CASE, today=PRODUCED)


@pytest.fixture(scope="module")
def anonymised(service: ChronologyService) -> ReviewChronology:
    return build_document(service, CASE, anonymised=True, today=PRODUCED)


@pytest.fixture(scope="module")
def files(
    named: ReviewChronology, anonymised: ReviewChronology, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Each format written once, named ("review.*") and anonymised ("anonymised.*")."""
    folder = tmp_path_factory.mktemp("exports")
    for stem, document in (("review", named), ("anonymised", anonymised)):
        write_docx(document, folder / f"{stem}.docx")
        write_xlsx(document, folder / f"{stem}.xlsx")
        write_csv(document, folder / f"{stem}.csv")
    return {path.name: path for path in folder.iterdir()}


def _word_text(path: Path) -> str:
    """Every text of the Word file: its body, headers, footers and properties (every XML part)."""
    with zipfile.ZipFile(path) as package:
        parts = [name for name in package.namelist() if name.endswith((".xml", ".rels"))]
        return "\n".join(package.read(name).decode() for name in parts)


def _chronology_table(path: Path) -> list[list[str]]:
    table = Document(str(path)).tables[-1]
    return [[cell.text for cell in row.cells] for row in table.rows]


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _column(title: str) -> int:
    """The place of a column of the entries sheet, from 0."""
    return [column.title for column in ENTRY_COLUMNS].index(title)


def _assert_names_nobody(text: str) -> None:
    for name in NAMES:
        assert not re.search(rf"\b{name}\b", text, re.IGNORECASE), name
    for value in (*NHS_FORMS, *BIRTH_DATES):
        assert value not in text, value


# The document


def test_the_review_period_is_used_when_no_dates_are_given(named: ReviewChronology) -> None:
    assert named.is_review_period
    assert [row.record_ref for row in named.rows] == ["NP-10", "HV-20", "NP-11", "HV-21"]


def test_dates_given_win_over_the_review_period(service: ChronologyService) -> None:
    may = build_document(service, CASE, date(2024, 5, 1), date(2024, 5, 31), today=PRODUCED)
    assert [row.record_ref for row in may.rows] == ["HV-22"]
    assert may.period_text() == "01/05/2024 to 31/05/2024"


def test_dates_show_their_precision_and_uncertainty(named: ReviewChronology) -> None:
    assert [row.date for row in named.rows] == [
        "14/02/2024 23:10",
        "20/02/2024",
        "02/03/2024",
        "?04/2024",
    ]


def test_rows_carry_the_reviewers_significance_and_notes(named: ReviewChronology) -> None:
    call_out = named.rows[0]
    assert call_out.significance is Rag.RED
    assert [note.text for note in call_out.analysis] == ["Ryan's violence was not shared with HV"]
    assert call_out.analysis[0].by == REVIEWER


def test_flags_are_summarised_most_severe_first(named: ReviewChronology) -> None:
    ranks = [("high", "medium", "low").index(flag.severity) for flag in named.flags]
    assert named.flags and ranks == sorted(ranks)


def test_contributing_agencies_are_every_organisation(named: ReviewChronology) -> None:
    assert {c.organisation for c in named.contributors} == {POLICE, HEALTH_VISITING}


# Word


def test_the_word_cover_says_what_the_document_is(files: dict[str, Path]) -> None:
    word = Document(str(files["review.docx"]))
    facts = [cell.text for row in word.tables[0].rows for cell in row.cells]
    cover = "\n".join([*(p.text for p in word.paragraphs), *facts])
    assert "Multi-agency chronology" in cover
    for fact in (CASE, "01/02/2024 to 30/04/2024", POLICE, HEALTH_VISITING, "03/06/2024"):
        assert fact in cover
    assert "Not anonymised" in cover


def test_every_word_page_is_marked_official_sensitive(files: dict[str, Path]) -> None:
    section = Document(str(files["review.docx"])).sections[0]
    assert "OFFICIAL-SENSITIVE" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]._p.xml
    assert "OFFICIAL-SENSITIVE" in footer and 'w:instr="PAGE"' in footer


def test_the_word_pages_are_landscape_a4(files: dict[str, Path]) -> None:
    section = Document(str(files["review.docx"])).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def test_the_word_table_header_repeats_on_every_page(files: dict[str, Path]) -> None:
    header = Document(str(files["review.docx"])).tables[-1].rows[0]
    properties = header._tr.trPr
    assert properties is not None and properties.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in header.cells] == [
        "Date",
        "Agency",
        "Source",
        "What happened",
        "Action and outcome",
        "Shared with",
        "Significance",
        "Reviewer's analysis",
    ]


def test_the_word_rows_are_the_entries_in_order(
    named: ReviewChronology, files: dict[str, Path]
) -> None:
    rows = _chronology_table(files["review.docx"])[1:]
    assert [row[0] for row in rows] == [row.date for row in named.rows]
    assert rows[0][3].startswith("Call-out: Ryan Cole and Jade shouting")


def test_word_significance_is_a_word_in_a_coloured_cell(files: dict[str, Path]) -> None:
    table = Document(str(files["review.docx"])).tables[-1]
    red = table.rows[1].cells[6]
    shading = red._tc.tcPr.find(qn("w:shd")) if red._tc.tcPr is not None else None
    assert red.text == "Red"
    assert shading is not None and shading.get(qn("w:fill")) == "C00000"
    assert table.rows[2].cells[6].text == "Green"


def test_word_shows_the_reviewers_analysis(files: dict[str, Path]) -> None:
    analysis = _chronology_table(files["review.docx"])[1][7]
    assert "Ryan's violence was not shared with HV (Ann Reviewer," in analysis


def test_word_shows_agency_text_as_typed(files: dict[str, Path]) -> None:
    assert _chronology_table(files["review.docx"])[3][3].startswith(HYPERLINK)


def test_the_same_document_gives_the_same_word_file(
    named: ReviewChronology, files: dict[str, Path], tmp_path: Path
) -> None:
    write_docx(named, tmp_path / "again.docx")
    assert (tmp_path / "again.docx").read_bytes() == files["review.docx"].read_bytes()


def test_the_anonymised_word_file_names_nobody(files: dict[str, Path]) -> None:
    _assert_names_nobody(_word_text(files["anonymised.docx"]))


def test_the_anonymised_word_file_has_the_glossary(files: dict[str, Path]) -> None:
    word = Document(str(files["anonymised.docx"]))
    assert "Glossary" in [paragraph.text for paragraph in word.paragraphs]
    assert "Anonymised" in word.tables[0].rows[5].cells[1].text


# Excel


def test_the_excel_header_is_frozen_and_filtered(files: dict[str, Path]) -> None:
    sheet = load_workbook(files["review.xlsx"])["Chronology"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}5"
    assert [cell.value for cell in sheet[1]] == [column.title for column in ENTRY_COLUMNS]


def test_an_excel_cell_starting_like_a_formula_is_text(files: dict[str, Path]) -> None:
    sheet = load_workbook(files["review.xlsx"])["Chronology"]
    cell = sheet.cell(4, _column("Summary") + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK, "s", True)


def test_no_excel_cell_is_a_formula(files: dict[str, Path]) -> None:
    with zipfile.ZipFile(files["review.xlsx"]) as package:
        parts = [package.read(n).decode() for n in package.namelist() if n.endswith(".xml")]
    assert not any(re.search(r"<(\w+:)?f[ >/]", part) for part in parts)


def test_excel_rows_hold_every_field_of_the_entry(files: dict[str, Path]) -> None:
    sheet = load_workbook(files["review.xlsx"])["Chronology"]
    titles = [cell.value for cell in sheet[1]]
    call_out = dict(zip(titles, [cell.value for cell in sheet[2]], strict=True))
    assert call_out["Record ref"] == "NP-10" and call_out["Significance"] == "red"
    assert call_out["Shared with"] == "Social care" and call_out["Shared on"] == "15/02/2024"
    assert call_out["Subjects"] == "Jade Marsh; Poppy Marsh; Ryan Cole"
    assert "Ryan's violence" in str(call_out["Reviewer's analysis"])
    assert call_out["Flags"]


def test_the_excel_flags_sheet_lists_the_flags(
    named: ReviewChronology, files: dict[str, Path]
) -> None:
    sheet = load_workbook(files["review.xlsx"])["Flags"]
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        flag.title for flag in named.flags
    ]


def test_the_same_document_gives_the_same_excel_file(
    named: ReviewChronology, files: dict[str, Path], tmp_path: Path
) -> None:
    write_xlsx(named, tmp_path / "again.xlsx")
    assert (tmp_path / "again.xlsx").read_bytes() == files["review.xlsx"].read_bytes()


def test_the_anonymised_workbook_names_nobody(files: dict[str, Path]) -> None:
    book = load_workbook(files["anonymised.xlsx"])
    values = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row]
    _assert_names_nobody("\n".join(values))
    assert "Glossary" in book.sheetnames


# CSV


def test_the_csv_has_a_byte_order_mark_for_excel(files: dict[str, Path]) -> None:
    assert files["review.csv"].read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_csv_rows_are_the_excel_columns_in_order(
    named: ReviewChronology, files: dict[str, Path]
) -> None:
    rows = _csv_rows(files["review.csv"])
    assert rows[0] == [column.title for column in ENTRY_COLUMNS]
    assert [row[0] for row in rows[1:]] == [row.date for row in named.rows]


def test_a_csv_cell_starting_like_a_formula_is_quoted(files: dict[str, Path]) -> None:
    assert _csv_rows(files["review.csv"])[3][_column("Summary")] == f"'{HYPERLINK}"


def test_the_anonymised_csv_names_nobody(files: dict[str, Path]) -> None:
    _assert_names_nobody(files["anonymised.csv"].read_text(encoding="utf-8-sig"))


# Anonymised, across formats


def test_anonymised_labels_follow_the_family(anonymised: ReviewChronology) -> None:
    assert {"Child A", "Mother", "Maternal grandmother"} <= {g.label for g in anonymised.glossary}
    assert anonymised.rows[0].summary == (
        "Call-out: Adult 1 and Mother shouting; Child A asleep upstairs"
    )


def test_anonymised_identifiers_become_placeholders(anonymised: ReviewChronology) -> None:
    assert anonymised.rows[0].detail == "Mother (DOB [date of birth]) said Adult 1 had pushed her."
    assert anonymised.rows[1].summary == "Home visit; Child A (NHS [NHS number]) weighed"


def test_a_case_reference_holding_a_family_name_is_anonymised(
    anonymised: ReviewChronology,
) -> None:
    assert anonymised.case_ref == "RR-[name]-2024"


def test_anonymised_labels_agree_across_the_formats(
    anonymised: ReviewChronology, files: dict[str, Path]
) -> None:
    sheet = load_workbook(files["anonymised.xlsx"])["Chronology"]
    in_excel = [row[_column("Subjects")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    in_csv = [row[_column("Subjects")] for row in _csv_rows(files["anonymised.csv"])[1:]]
    in_word = [row[3] for row in _chronology_table(files["anonymised.docx"])[1:]]
    expected = ["; ".join(row.subjects) for row in anonymised.rows]
    assert in_excel == in_csv == expected
    for row, text in zip(anonymised.rows, in_word, strict=True):
        assert f"About: {', '.join(row.subjects)}" in text


def test_a_reviewers_glossary_label_is_used_everywhere(service: ChronologyService) -> None:
    mother = next(p.id for p in service.people(CASE).people if p.name == "Jade Marsh")
    edited = build_document(
        service, CASE, anonymised=True, glossary={mother: "Parent 1"}, today=PRODUCED
    )
    assert "Parent 1" in {item.label for item in edited.glossary}
    assert "Parent 1" in edited.rows[0].subjects and "Parent 1" in edited.rows[0].summary
