"""The review chronology as a Word document: what a review panel reads and annotates.

A cover (the case, the review period, the contributing agencies, the date produced, and
whether people are named or anonymised), the flags (most severe first), the glossary when
anonymised, then the chronology table on landscape A4: Date, Agency, Source, What happened,
Action and outcome, Shared with, Significance, Reviewer's analysis. The table's header row
repeats on every page; significance is a word in a red, amber or green cell (the colour
alone would be lost in black-and-white print); "OFFICIAL-SENSITIVE" heads and foots every
page, with the page number. Agency text goes into runs as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from chronology.domain.review_work import Rag
from views.exports import reproducible_zip, xml_text
from views.exports.document import ChronologyRow, ReviewChronology

COLUMNS = (  # title, width in mm: 267 mm between the margins of landscape A4
    ("Date", 22),
    ("Agency", 30),
    ("Source", 27),
    ("What happened", 64),
    ("Action and outcome", 37),
    ("Shared with", 25),
    ("Significance", 21),
    ("Reviewer's analysis", 41),
)
TABLE_TEXT, TABLE_TEXT_ID = "Table text", "Tabletext"
RAG_FILL = {  # cell colour, text colour: each pair contrasts by 4.5:1 or more
    Rag.RED: ("C00000", "FFFFFF"),
    Rag.AMBER: ("FFC000", "000000"),
    Rag.GREEN: ("00B050", "000000"),
}
DATE_KEY = (
    "Dates are as each agency recorded them: 03/2024 means some time in March 2024 and 2024"
    " some time that year; a date starting with ? is one the agency was unsure of. Entries"
    " are in date order, and those of one agency on one day in that agency's order."
)


def write_docx(document: ReviewChronology, path: Path) -> None:
    """Writes the document; the same document always gives the same bytes."""
    word = Document()
    _styles(word)
    _page(word, document)
    _cover(word, document)
    _flags(word, document)
    if document.anonymised:
        _glossary(word, document)
    _chronology(word, document)
    _properties(word, document)
    _without_thumbnail(word)
    saved = BytesIO()
    word.save(saved)
    path.write_bytes(reproducible_zip(saved.getvalue(), document.produced_on))


def _page(word: WordDocument, document: ReviewChronology) -> None:
    """Landscape A4, the marking and the page number on every page."""
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(18)
    section.header_distance = section.footer_distance = Mm(8)
    _marking(section.header.paragraphs[0], document.marking)
    footer = section.footer.paragraphs[0]
    _marking(footer, f"{document.marking}    {document.case_ref}    Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _styles(word: WordDocument) -> None:
    normal = word.styles["Normal"].font
    normal.name, normal.size = "Arial", Pt(10)
    table_text = word.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.style_id = TABLE_TEXT_ID
    table_text.base_style = word.styles["Normal"]
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_before = Pt(0)
    table_text.paragraph_format.space_after = Pt(2)


def _marking(paragraph: Paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = True


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word fills in as it lays out the pages (the page number, the page count)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _cover(word: WordDocument, document: ReviewChronology) -> None:
    title = document.title + (" (anonymised)" if document.anonymised else "")
    word.add_paragraph(title, style="Title")
    facts: Table = word.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for name, value in _cover_facts(document):
        cells = _new_row(facts)
        _text(cells[0].paragraphs[0], name, bold=True)
        _text(cells[1].paragraphs[0], value)
    _marking(word.add_paragraph(), document.marking)
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cover_facts(document: ReviewChronology) -> list[tuple[str, str]]:
    period = document.period_text() + (" (the review period)" if document.is_review_period else "")
    agencies = "\n".join(f"{c.organisation} ({c.agency})" for c in document.contributors)
    people = (
        "Anonymised: people are named by the labels in the glossary; identifiers are hidden."
        if document.anonymised
        else "Not anonymised: this document names the people in the case."
    )
    return [
        ("Case", document.case_ref),
        ("Review period", period),
        ("Contributing agencies", agencies or "None"),
        ("Entries", str(len(document.rows))),
        ("Date produced", f"{document.produced_on:%d/%m/%Y}"),
        ("People", people),
        ("Handling", f"{document.marking}: share only with those who need it for the review."),
    ]


def _flags(word: WordDocument, document: ReviewChronology) -> None:
    word.add_heading("Summary of flags", level=1)
    if not document.flags:
        word.add_paragraph("No flags were raised about the entries in this chronology.")
        return
    word.add_paragraph(
        f"{len(document.flags)} flags, most severe first. Each is a finding to look at, with"
        " its reasons; the entries behind it are marked in the chronology's analysis column."
    )
    table = _table(word, ("Severity", "Flag", "Why", "Agencies"), (22, 60, 145, 40))
    for flag in document.flags:
        cells = _new_row(table)
        _text(cells[0].paragraphs[0], flag.severity.capitalize(), bold=True)
        _text(cells[1].paragraphs[0], flag.title)
        _text(cells[1].add_paragraph(), flag.rule, size=7)
        _text(cells[2].paragraphs[0], flag.explanation)
        if flag.review:
            _text(cells[2].add_paragraph(), f"Reviewers: {flag.review}", size=8)
        _text(cells[3].paragraphs[0], ", ".join(flag.agencies))


def _glossary(word: WordDocument, document: ReviewChronology) -> None:
    word.add_heading("Glossary", level=1)
    word.add_paragraph("The labels this anonymised chronology uses for the people in the case.")
    table = _table(word, ("Label", "Child or adult", "Known to"), (50, 40, 177))
    for item in document.glossary:
        cells = _new_row(table)
        _text(cells[0].paragraphs[0], item.label, bold=True)
        _text(cells[1].paragraphs[0], item.kind)
        _text(cells[2].paragraphs[0], ", ".join(item.known_to))


def _chronology(word: WordDocument, document: ReviewChronology) -> None:
    word.add_heading("Chronology", level=1)
    word.add_paragraph(DATE_KEY)
    table = _table(word, tuple(n for n, _ in COLUMNS), tuple(w for _, w in COLUMNS))
    for row in document.rows:
        _entry(_new_row(table), row)


def _table(word: WordDocument, titles: Sequence[str], widths: Sequence[int]) -> Table:
    """A bordered table whose header row repeats at the top of every page."""
    table: Table = word.add_table(rows=1, cols=len(titles))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for cell, title, width in zip(table.rows[0].cells, titles, widths, strict=True):
        cell.width = Mm(width)
        _text(cell.paragraphs[0], title, bold=True)
        _shade(cell, "D9D9D9")
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    return table


def _new_row(table: Table) -> list[_Cell]:
    row = table.add_row()  # type: ignore[no-untyped-call]
    return list(row.cells)


def _entry(cells: Sequence[_Cell], row: ChronologyRow) -> None:
    _text(cells[0].paragraphs[0], row.date)
    _text(cells[1].paragraphs[0], row.organisation, bold=True)
    _text(cells[1].add_paragraph(), row.agency)
    _lines(cells[2], [row.source, f"Ref {row.record_ref}"])
    _what_happened(cells[3], row)
    _lines(
        cells[4], [row.outcome, _listed("Invited", row.invited), _listed("Attended", row.attended)]
    )
    shared_on = f"on {row.shared_on}" if row.shared_on else ""
    _lines(cells[5], [", ".join(row.shared_with), shared_on])
    _significance(cells[6], row.significance)
    _lines(cells[7], [note.line() for note in row.analysis])
    if row.flags:
        _text(_next_paragraph(cells[7]), "Flags: " + "; ".join(row.flags), size=8, italic=True)


def _what_happened(cell: _Cell, row: ChronologyRow) -> None:
    changed = f" (amended: version {row.version})" if row.version > 1 else ""
    _text(cell.paragraphs[0], row.summary + changed, bold=True)
    seen = f"Child seen: {row.child_seen}" if row.child_seen else ""
    seen += f"; seen alone: {row.seen_alone}" if row.child_seen and row.seen_alone else ""
    voice = f"Child's voice: {row.child_voice}" if row.child_voice else ""
    about = _listed("About", row.subjects)
    _lines(cell, [row.detail, about, seen, voice])


def _listed(name: str, items: Sequence[str]) -> str:
    return f"{name}: {', '.join(items)}" if items else ""


def _lines(cell: _Cell, lines: Sequence[str]) -> None:
    """Each non-empty line as a paragraph of the cell."""
    for line in (line for line in lines if line):
        _text(_next_paragraph(cell), line)


def _next_paragraph(cell: _Cell) -> Paragraph:
    """The cell's own (first) paragraph while it is empty, else a new one after the last."""
    paragraphs: list[Paragraph] = cell.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].runs:
        return paragraphs[0]
    added: Paragraph = cell.add_paragraph()
    return added


def _significance(cell: _Cell, rag: Rag | None) -> None:
    if rag is None:
        return
    fill, ink = RAG_FILL[rag]
    _shade(cell, fill)
    run = _text(cell.paragraphs[0], rag.value.capitalize(), bold=True)
    run.font.color.rgb = RGBColor.from_string(ink)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _text(
    paragraph: Paragraph, text: str, bold: bool = False, size: int = 0, italic: bool = False
) -> Run:
    """Agency text as a run's text (line breaks kept), never read as markup; in the table
    text style, set by its id (a style looked up by name for each of thousands of
    paragraphs would take seconds)."""
    paragraph._p.style = TABLE_TEXT_ID
    run = paragraph.add_run(xml_text(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size:
        run.font.size = Pt(size)
    return run


def _without_thumbnail(word: WordDocument) -> None:
    """The template's preview picture is of another document: file browsers would show it."""
    relationships = word.part.package.rels
    for key in [k for k, rel in relationships.items() if rel.reltype == RT.THUMBNAIL]:
        relationships.pop(key)


def _properties(word: WordDocument, document: ReviewChronology) -> None:
    """Fixed from the document, so that producing it again gives the same file."""
    produced = datetime.combine(document.produced_on, time())
    properties = word.core_properties
    properties.title = f"{document.title}: {document.case_ref}"
    properties.subject = document.marking
    properties.author = properties.last_modified_by = "chronology"
    properties.keywords = document.marking
    properties.comments = ""
    properties.created = properties.modified = properties.last_printed = produced
    properties.revision = 1
