"""Raw tables from an uploaded file: sheets of rows of cells, before any field is checked.

One loader per container (xlsx workbook, folder or zip of CSVs, JSON document). Whatever
makes a whole file unreadable (corrupt zip, zip bomb, undecodable text, wrong delimiter,
duplicated header) is raised as `FileUnreadable`, carrying problems that name the place.
"""

from __future__ import annotations

import csv
import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chronology.problems import Problem, error, warning

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_CELL_CHARS = 100_000

csv.field_size_limit(MAX_FILE_BYTES)


class FileUnreadable(Exception):
    """The file as a whole cannot be read; nothing in it is used."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.line() for problem in problems))


Cell = str | int | float | bool | None | object


@dataclass
class Table:
    """One sheet: its header names (as written) and its rows, each with its Excel row number."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # found while loading, e.g. mojibake


def unreadable(message: str, sheet: str = "", expected: str = "") -> FileUnreadable:
    return FileUnreadable([error(message, sheet=sheet, expected=expected)])


def decode_csv_bytes(data: bytes, sheet: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; anything else is an error."""
    return _decode(data, sheet)[0]


def _decode(data: bytes, sheet: str) -> tuple[str, bool]:
    """The text, and whether it was read as Windows-1252 (not UTF-8)."""
    if b"\x00" in data:
        raise unreadable(
            "the file holds NUL bytes: it is not a text CSV file",
            sheet,
            "a CSV file saved as UTF-8 or Windows-1252",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), True
    except UnicodeDecodeError as problem:
        line = data[: problem.start].count(b"\n") + 1
        raise FileUnreadable(
            [
                error(
                    f"the text cannot be read (byte {problem.start}, line {line})",
                    sheet=sheet,
                    expected="a CSV file saved as UTF-8 or Windows-1252",
                )
            ]
        ) from None


def parse_csv_text(text: str, name: str) -> Table:
    """A comma-separated table; a file written with another delimiter is refused by name."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
        _check_delimiter(header, name)
        rows = [(number, list[Cell](cells)) for number, cells in enumerate(reader, start=2)]
    except csv.Error as problem:
        raise FileUnreadable(
            [
                error(
                    f"the CSV is malformed at line {reader.line_num} ({problem})",
                    sheet=name,
                    expected="comma-separated values with balanced quotes",
                )
            ]
        ) from None
    return Table(name=name, header=header, rows=rows)


def _check_delimiter(header: list[str], name: str) -> None:
    if len(header) != 1:
        return
    for delimiter, label in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        if delimiter in header[0]:
            raise unreadable(
                f"the file is {label}-separated", name, "comma-separated values (save as CSV UTF-8)"
            )


def check_zip(archive: zipfile.ZipFile, sheet: str = "") -> None:
    """Refuses archives that would unpack to far more than they hold (zip bombs)."""
    total = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if total > MAX_UNZIPPED_BYTES or (total / packed > MAX_ZIP_RATIO and total > 10_000_000):
        raise unreadable(
            "the archive unpacks to an implausible size (a zip bomb?)",
            sheet,
            f"at most {MAX_UNZIPPED_BYTES // 2**20} MB of extract files",
        )


def csv_tables(files: Iterable[tuple[str, bytes]]) -> dict[str, Table]:
    """Tables from named CSV files (`people.csv` becomes the sheet `people`)."""
    tables: dict[str, Table] = {}
    for filename, data in files:
        name = Path(filename).stem.strip().lower()
        check_new_sheet(tables, name, f"{name}.csv")
        text, windows_1252 = _decode(data, f"{name}.csv")
        table = parse_csv_text(text, name)
        if windows_1252:
            table.problems.extend(_mixed_encoding(table))
        tables[name] = table
    return tables


def check_new_sheet(tables: dict[str, Table], name: str, shown: str) -> None:
    """Two sheets (or files) with one name would silently replace each other: refused."""
    if name in tables:
        raise unreadable(
            f"the extract holds two sheets or files named {shown[:80]}",
            name,
            f"one {shown[:80]} per extract",
        )


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _mixed_encoding(table: Table) -> list[Problem]:
    """The first cell of a Windows-1252 file that holds UTF-8 sequences (mojibake: 'ZoÃ«')."""
    for number, cells in table.rows:
        for position, cell in enumerate(cells):
            if isinstance(cell, str) and _UTF8_SEQUENCE.search(cell.encode("cp1252", "replace")):
                named = table.header[position] if position < len(table.header) else ""
                column = named.strip().lower() or f"column {position + 1}"  # unnamed: its place
                return [
                    warning(
                        "the file mixes UTF-8 and Windows-1252 text; accents may be garbled",
                        sheet=table.name,
                        row=number,
                        column=column,
                        value=cell[:80],
                        expected="one encoding for the whole file (save as CSV UTF-8)",
                    )
                ]
    return []


def folder_files(folder: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() == ".csv":
            yield path.name, path.read_bytes()


_DAMAGED = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    zlib.error,
    lzma.LZMAError,
)  # RuntimeError: encrypted; zlib/lzma: broken streams


def zip_files(path: Path) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(path)
    except _DAMAGED:
        raise unreadable(
            "the zip file cannot be opened: it is damaged or not a zip file",
            "",
            "a .zip holding people.csv, relationships.csv and events.csv",
        ) from None
    with archive:
        check_zip(archive)
        for info in archive.infolist():
            if not info.is_dir() and info.filename.lower().endswith(".csv"):
                if "__macosx" in info.filename.lower():
                    continue
                yield Path(info.filename).name, _read_member(archive, info)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    name = Path(info.filename).name[:80]
    try:
        return archive.read(info)
    except _DAMAGED:
        raise unreadable(
            f"{name} in the zip cannot be unpacked: it is damaged or password-protected",
            Path(name).stem.lower(),
            "a .zip without a password, holding undamaged CSV files",
        ) from None
