"""The review-document exports: Word, Excel and CSV, each also anonymised.

`document.build_document` gathers what a review panel reads into one `ReviewChronology`;
`word`, `excel` and `csv_file` each write it in their format. This package module holds
the two things the zipped formats (Word and Excel) share: text that XML can hold, and a
package whose bytes depend only on the document (every member dated the day it was produced),
so producing the same document twice gives the same file.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

# Characters XML 1.0 cannot hold (tab, line feed and carriage return it can).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def xml_text(value: str | None) -> str:
    """The text with any character XML cannot hold shown as the replacement character."""
    return _NOT_XML.sub(REPLACEMENT, value or "")


def reproducible_zip(package: bytes, produced_on: date) -> bytes:
    """The same package, its members in the same order, each dated `produced_on` (a zip
    otherwise records the moment it was written, so no two runs would give the same bytes)."""
    stamp = (produced_on.year, produced_on.month, produced_on.day, 0, 0, 0)
    written = BytesIO()
    with ZipFile(BytesIO(package)) as source, ZipFile(written, "w", ZIP_DEFLATED) as target:
        for member in source.infolist():
            dated = ZipInfo(member.filename, date_time=stamp)
            dated.compress_type = ZIP_DEFLATED
            target.writestr(dated, source.read(member.filename))
    return written.getvalue()
