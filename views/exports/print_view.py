"""The review chronology as one HTML page to read, print or turn into a PDF.

The page (`/cases/{case}/chronology`) and the PDF export are the same HTML: the PDF is that
page laid out by WeasyPrint for A4 landscape, with the header row repeated on every page,
the marking and page numbers in the margins. WeasyPrint fetches nothing: the page needs no
image, stylesheet or font from anywhere, and any address in agency text stays text.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from views.exports.document import ReviewChronology
from views.web.pages import TEMPLATES


def print_html(
    document: ReviewChronology, case_ref: str, query: dict[str, str] | None = None
) -> str:
    """The page's HTML; `query` (from, to, anonymised) is carried to its PDF link."""
    extra = urlencode(query or {})
    return TEMPLATES.get_template("chronology_print.html").render(
        doc=document,
        case_path=quote(case_ref.strip(), safe=""),
        query=f"&{extra}" if extra else "",
    )


def write_pdf(document: ReviewChronology, path: Path) -> None:
    path.write_bytes(pdf_bytes(document))


def pdf_bytes(document: ReviewChronology) -> bytes:
    page = weasyprint.HTML(
        string=print_html(document, document.case_ref),
        base_url="about:blank",
        url_fetcher=_NothingFetched(),
    )
    data: bytes = page.write_pdf()
    return data


class _NothingFetched(URLFetcher):  # type: ignore[misc]
    """Refuses every address: an export must not reach the network or the disk."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        raise ValueError("the export fetches nothing")
