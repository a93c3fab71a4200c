"""The Annex A adapter: an Ofsted ILACS workbook in; the children and their entries out.

Lists 1 to 8 each give one row per contact, referral, assessment, enquiry, plan or period of
care; every row becomes one or more entries about its child, with a record_ref made from the
list, the child and the row's own key date (`A3/CH1001/2025-05-14`) so a later return updates
rather than repeats them. It never raises for bad input and never touches the store.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

from adapters.annex_a.care import looked_after
from adapters.annex_a.children import Children
from adapters.annex_a.enquiries import assessment, section47
from adapters.annex_a.front_door import contact, early_help, referral
from adapters.annex_a.headers import Layout
from adapters.annex_a.metadata import metadata
from adapters.annex_a.plans import child_in_need, protection_plan
from adapters.annex_a.row import ListRow
from adapters.annex_a.rows import list_rows
from adapters.annex_a.sheets import list_layouts, no_lists
from adapters.annex_a.sniff import sheet_titles
from adapters.canonical.reader import MetadataOverrides, Progress, file_sha256
from adapters.tables import MAX_FILE_BYTES, FileUnreadable, Table, unreadable
from adapters.workbook import xlsx_tables
from chronology.dates import LONDON
from chronology.problems import Problem
from chronology.records import EntryRecord, ParsedExtract

BUILDERS = {
    1: contact,
    2: early_help,
    3: referral,
    4: assessment,
    5: section47,
    6: child_in_need,
    7: protection_plan,
    8: looked_after,
}
PROGRESS_EVERY = 2000


def read_annex_a(
    path: Path,
    overrides: MetadataOverrides | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ParsedExtract:
    """Reads and checks a whole Annex A workbook; problems are returned, never raised."""
    today = today or datetime.now(LONDON).date()
    try:
        tables = _load(path)
    except FileUnreadable as unusable:  # a whole-file problem is placed at the file itself
        placed = (
            p if p.sheet else p.model_copy(update={"sheet": _shown(path)})
            for p in unusable.problems
        )
        return ParsedExtract(
            file_name=path.name, file_sha256=_sha256(path), metadata=None, problems=tuple(placed)
        )
    problems: list[Problem] = []
    found = list_layouts(tables, _titles(path), problems)
    if not found and not any(problem.is_error for problem in problems):
        problems.append(no_lists(_shown(path)))
    children = Children(problems, today)
    entries = _entries(found, children, problems, today, progress)
    return ParsedExtract(
        file_name=path.name,
        file_sha256=_sha256(path),
        metadata=metadata(overrides or MetadataOverrides(), problems),
        people=tuple(children.records()),
        entries=tuple(entries),
        problems=tuple(problems),
    )


def _shown(path: Path) -> str:
    return path.name[:200] or "file"


def _load(path: Path) -> dict[str, Table]:
    try:
        if not path.is_file():
            raise unreadable(f"no file at {path.name[:200]}", "", "one .xlsx workbook")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise unreadable("the file is larger than 200 MB", "", "a workbook under 200 MB")
        return xlsx_tables(path)
    except OSError:  # vanished or unreadable between the checks and the reading
        raise unreadable("the file cannot be read", "", "one readable .xlsx workbook") from None


def _sha256(path: Path) -> str:
    """The file's SHA-256; '' for a file that is missing, unreadable or too large to be read."""
    try:
        return file_sha256(path) if path.stat().st_size <= MAX_FILE_BYTES else ""
    except OSError:
        return ""


def _titles(path: Path) -> dict[str, str]:
    """Sheet names as written, by the lower-case name the tables are keyed by."""
    return {title.strip().lower(): title.strip() for title in sheet_titles(path)}


def _entries(
    found: list[tuple[Layout, Table]],
    children: Children,
    problems: list[Problem],
    today: date,
    progress: Progress | None,
) -> list[EntryRecord]:
    total = sum(len(table.rows) for _, table in found)
    done, refs, entries = 0, Counter[str](), []
    for sheet_layout, table in found:
        for row in list_rows(sheet_layout, table, problems, today):
            entries.extend(_row_entries(row, children, refs))
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, total)
    if progress:
        progress(total, total)
    return entries


def _row_entries(row: ListRow, children: Children, refs: Counter[str]) -> list[EntryRecord]:
    """The row's entries; none if the child or the key date cannot be read (both errors)."""
    child = row.text("child_id", required=True, limit=100)
    day = row.date(row.layout.spec.key_date.key, required=True)
    if child is None or day is None:
        return []
    row.child = child
    base = f"A{row.number}/{child}/{day.isoformat()}"
    refs[base] += 1  # a second row for the same child and day (two contacts) is numbered
    row.base = base if refs[base] == 1 else f"{base}/{refs[base]}"
    children.see(row)
    return BUILDERS[row.number](row, day)
