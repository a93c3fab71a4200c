"""The CIN census adapter: a DfE Children in Need census XML file in; people, entries, problems out.

One person per Child (known by its LAchildID) and one entry per dated element of each of
the child's referral episodes. It never raises for bad input and never touches the store: a
file that is not a CIN census message is one whole-file problem, anything else is placed at
its element and line.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from adapters.canonical.reader import MetadataOverrides, Progress, file_sha256
from adapters.cin_census.entries import ChildEntries
from adapters.cin_census.episode import read_episode
from adapters.cin_census.metadata import read_metadata
from adapters.cin_census.person import child_identifiers, read_person
from adapters.cin_census.xml_tree import XML_EXPECTED, Element, parse_xml
from adapters.tables import MAX_FILE_BYTES, FileUnreadable, unreadable
from chronology.dates import LONDON
from chronology.problems import Problem, error, warning
from chronology.records import EntryRecord, ParsedExtract, PersonRecord

PROGRESS_EVERY = 500


def read_cin_census(
    path: Path,
    overrides: MetadataOverrides | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ParsedExtract:
    """Reads and checks a whole census file; problems are returned, never raised."""
    sha256 = _sha256(path)
    try:
        message = _message(path)
    except FileUnreadable as unusable:
        placed = (
            p.model_copy(update={"sheet": p.sheet or path.name[:200] or "file"})
            for p in unusable.problems
        )
        return ParsedExtract(
            file_name=path.name, file_sha256=sha256, metadata=None, problems=tuple(placed)
        )
    problems: list[Problem] = []
    metadata = read_metadata(message, overrides or MetadataOverrides(), problems)
    people, entries = _children(message, today or datetime.now(LONDON).date(), problems, progress)
    return ParsedExtract(
        file_name=path.name,
        file_sha256=sha256,
        metadata=metadata,
        people=tuple(people),
        entries=tuple(entries),
        problems=tuple(problems),
    )


def _message(path: Path) -> Element:
    """The file's Message element; `FileUnreadable` when it is not a CIN census message."""
    if not path.is_file():
        raise unreadable(f"no file at {path.name[:200]}", "", XML_EXPECTED)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise unreadable("the file is larger than 200 MB", "", "a census file under 200 MB")
        root = parse_xml(path)
    except OSError:  # unreadable (permissions) or gone since it was checked
        raise unreadable("the file cannot be read", "", XML_EXPECTED) from None
    collection = _collection(root)
    if root.tag != "Message" or collection not in ("CIN", None):
        found = f"a {collection[:40]} collection" if collection else f"<{root.tag[:40]}>"
        raise unreadable(f"the file is {found}, not a CIN census message", "", XML_EXPECTED)
    if root.first("Children") is None and collection is None:
        raise unreadable("the file is not a CIN census message", "", XML_EXPECTED)
    return root


def _sha256(path: Path) -> str:
    try:
        return file_sha256(path) if path.is_file() else ""
    except OSError:
        return ""


def _collection(root: Element) -> str | None:
    header = root.first("Header")
    details = header.first("CollectionDetails") if header else None
    collection = details.first("Collection") if details else None
    return (collection.text.upper() or None) if collection else None


def _children(
    message: Element, today: date, problems: list[Problem], progress: Progress | None
) -> tuple[list[PersonRecord], list[EntryRecord]]:
    """Every Child's person and entries; a second Child with the same LAchildID is an error."""
    found = [child for holder in message.all("Children") for child in holder.all("Child")]
    if not found:
        problems.append(_no_children(message))
    people: list[PersonRecord] = []
    entries: list[EntryRecord] = []
    seen: dict[str, int] = {}
    for done, child in enumerate(found, start=1):
        person, own = _child(child, today, problems, seen)
        people += [person] if person else []
        entries += own
        if progress and (done % PROGRESS_EVERY == 0 or done == len(found)):
            progress(done, len(found))
    return people, entries


def _child(
    child: Element, today: date, problems: list[Problem], seen: dict[str, int]
) -> tuple[PersonRecord | None, list[EntryRecord]]:
    fields = child_identifiers(child, problems)
    child_id = fields.text("LAchildID", required=True, limit=100) if fields else None
    if fields is None or child_id is None:
        return None, []
    if child_id in seen:
        fields.note(
            f"LAchildID repeats the Child at line {seen[child_id]}",
            "LAchildID",
            child_id,
            "each child once in the census",
            bad=True,
        )
        return None, []
    seen[child_id] = child.line
    entries = ChildEntries(child_id=child_id, today=today, problems=problems)
    person = read_person(child, fields, entries)
    episodes = child.all("CINdetails")
    for details in episodes:
        read_episode(details, entries)
    if not episodes:
        problems.append(
            warning(
                "the Child has no CINdetails (no referral episode)",
                sheet="Child",
                row=child.line,
                column="CINdetails",
                expected="a CINdetails element for each referral",
            )
        )
    return person, entries.entries


def _no_children(message: Element) -> Problem:
    holder = message.first("Children") or message
    return error(
        "the census holds no Child",
        sheet=holder.tag,
        row=holder.line,
        column="Child",
        expected="a Child element for each child in need",
    )
