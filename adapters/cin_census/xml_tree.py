"""An XML file read safely into a small tree of elements that remember their line numbers.

Parsed with defusedxml's hardened expat reader: any DOCTYPE, entity declaration or external
reference is refused (no entity expansion, no DTD, no network), so a hostile file cannot
blow up memory or reach out. Namespace prefixes are dropped: `cin:Child` and `Child` (under
a default namespace or none) read alike, as every local authority's software writes its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler, ErrorHandler
from xml.sax.xmlreader import AttributesImpl, InputSource, Locator

from defusedxml.common import (
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.expatreader import create_parser

from adapters.tables import FileUnreadable
from chronology.problems import error

XML_EXPECTED = "a CIN census XML file as sent to the DfE (Message, Header, Children)"


@dataclass(slots=True)
class Element:
    """One element: its local name, the line it starts on, its text and its child elements."""

    tag: str
    line: int
    parts: list[str] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()

    def all(self, tag: str) -> list[Element]:
        return [child for child in self.children if child.tag == tag]

    def first(self, tag: str) -> Element | None:
        return next((child for child in self.children if child.tag == tag), None)


class _TreeBuilder(ContentHandler):
    """Builds the tree as the SAX reader walks the file (no recursion: any depth is safe)."""

    def __init__(self) -> None:
        super().__init__()
        self.root: Element | None = None
        self.open: list[Element] = []
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 (SAX's name)
        self.locator = locator

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802
        line = self.locator.getLineNumber() if self.locator else 0
        element = Element(tag=name.rpartition(":")[2], line=line or 0)
        if self.open:
            self.open[-1].children.append(element)
        else:
            self.root = element
        self.open.append(element)

    def endElement(self, name: str) -> None:  # noqa: N802
        self.open.pop()

    def characters(self, content: str) -> None:
        if self.open and (content.strip() or self.open[-1].parts):
            self.open[-1].parts.append(content)


class _Strict(ErrorHandler):
    """Warnings stop the read too (the default handler prints them; errors already raise)."""

    def warning(self, exception: BaseException) -> NoReturn:
        raise exception


def parse_xml(path: Path) -> Element:
    """The file's root element; `FileUnreadable` (placed at the line) when it is not safe XML."""
    builder = _TreeBuilder()
    reader = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    reader.setContentHandler(builder)
    reader.setErrorHandler(_Strict())
    try:
        with path.open("rb") as stream:
            source = InputSource()
            source.setByteStream(stream)
            reader.parse(source)
    except SAXParseException as problem:
        message = f"the file is not well-formed XML ({problem.getMessage()})"
        raise _unreadable(message, problem) from None
    except (SAXException, ValueError, LookupError) as problem:  # defusedxml's are ValueErrors
        raise _unreadable(_refusal(problem), None) from None
    if builder.root is None:
        raise _unreadable("the file holds no XML element", None)
    return builder.root


def _refusal(problem: BaseException) -> str:
    """Why a file was refused, in words that never quote the file's content."""
    if isinstance(problem, DTDForbidden):
        return "the file has a DOCTYPE declaration, which is not allowed"
    if isinstance(problem, EntitiesForbidden | ExternalReferenceForbidden):
        return "the file declares or references entities, which is not allowed"
    return "the file cannot be read as XML (unknown or damaged text encoding)"


def _unreadable(message: str, at: SAXParseException | None) -> FileUnreadable:
    line = at.getLineNumber() if at is not None else None
    return FileUnreadable(
        [
            error(
                message,
                row=line if isinstance(line, int) and line > 0 else None,
                expected=XML_EXPECTED,
            )
        ]
    )
