"""Raw tables from an uploaded file: sheets of rows of cells, before any field is checked.

One loader per container (xlsx workbook, folder or zip of CSVs, JSON document). Whatever
makes a whole file unreadable (corrupt zip, zip bomb, undecodable text, wrong delimiter,
duplicated header) is raised as `FileUnreadable`, carrying problems that name the place.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chronology.problems import Problem, error

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


def unreadable(message: str, sheet: str = "", expected: str = "") -> FileUnreadable:
    return FileUnreadable([error(message, sheet=sheet, expected=expected)])


def decode_csv_bytes(data: bytes, sheet: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; anything else is an error."""
    if b"\x00" in data:
        raise unreadable("the file holds NUL bytes: it is not a text CSV file", sheet,
                         "a CSV file saved as UTF-8 or Windows-1252")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as problem:
        raise unreadable(f"the text cannot be read (byte {problem.start})", sheet,
                         "a CSV file saved as UTF-8 or Windows-1252") from None


def parse_csv_text(text: str, name: str) -> Table:
    """A comma-separated table; a file written with another delimiter is refused by name."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
        _check_delimiter(header, name)
        rows = [(number, list[Cell](cells)) for number, cells in enumerate(reader, start=2)]
    except csv.Error as problem:
        raise unreadable(f"the CSV is malformed ({problem})", name,
                         "comma-separated values with balanced quotes") from None
    return Table(name=name, header=header, rows=rows)


def _check_delimiter(header: list[str], name: str) -> None:
    if len(header) != 1:
        return
    for delimiter, label in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        if delimiter in header[0]:
            raise unreadable(f"the file is {label}-separated", name,
                             "comma-separated values (save as CSV UTF-8)")


def check_zip(archive: zipfile.ZipFile, sheet: str = "") -> None:
    """Refuses archives that would unpack to far more than they hold (zip bombs)."""
    total = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO and total > 10_000_000:
        raise unreadable("the archive unpacks to an implausible size (a zip bomb?)", sheet,
                         f"at most {MAX_UNZIPPED_BYTES // 2**20} MB of extract files")


def csv_tables(files: Iterable[tuple[str, bytes]]) -> dict[str, Table]:
    """Tables from named CSV files (`people.csv` becomes the sheet `people`)."""
    tables: dict[str, Table] = {}
    for filename, data in files:
        name = Path(filename).stem.strip().lower()
        tables[name] = parse_csv_text(decode_csv_bytes(data, f"{name}.csv"), name)
    return tables


def folder_files(folder: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() == ".csv":
            yield path.name, path.read_bytes()


def zip_files(path: Path) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as problem:
        raise unreadable(f"the zip file cannot be opened ({problem})", "",
                         "a .zip holding people.csv, relationships.csv and events.csv") from None
    with archive:
        check_zip(archive)
        for info in archive.infolist():
            if not info.is_dir() and info.filename.lower().endswith(".csv"):
                if "__macosx" in info.filename.lower():
                    continue
                yield Path(info.filename).name, _read_member(archive, info)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as problem:
        raise unreadable(f"{info.filename} in the zip is damaged ({problem})") from None
