"""Property tests on the CIN census adapter: whatever a local authority uploads, it answers.

For arbitrary bytes, arbitrary XML-ish text and the Northshire return with elements dropped,
duplicated or given other values, `read` never raises, always returns a `ParsedExtract` and
places every problem; refs stay unique; and any error makes the service refuse the extract.
"""

from __future__ import annotations

import copy
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters import cin_census
from adapters.canonical import MetadataOverrides
from adapters.cin_census.xml_tree import Element, parse_xml
from chronology.bootstrap import open_service
from chronology.errors import ExtractRejected
from chronology.records import ParsedExtract
from chronology.service import ChronologyService
from chronology.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
NORTHSHIRE = ROOT / "fixtures" / "formats" / "cin_census" / "northshire-cin-2026.xml"
COUNCIL = MetadataOverrides(organisation="NORTHSHIRE COUNTY COUNCIL")
TODAY = date(2026, 4, 30)
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element.children:
        yield from _walk(child)


ORIGINAL = parse_xml(NORTHSHIRE)
TAGS = sorted({element.tag for element in _walk(ORIGINAL)})


@pytest.fixture(scope="module")
def memory_service() -> Iterator[ChronologyService]:
    opened = open_service(Settings(in_memory=True))
    yield opened
    opened.close()


def _read_bytes(data: bytes, name: str = "census.xml") -> ParsedExtract:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        assert cin_census.recognises(path) in (True, False)  # never raises either
        return _checked(cin_census.read(path, COUNCIL, today=TODAY))


def _checked(parsed: ParsedExtract) -> ParsedExtract:
    """The invariants every answer keeps, whatever the file."""
    assert isinstance(parsed, ParsedExtract)
    for problem in parsed.problems:
        assert problem.message.strip(), problem
        assert problem.sheet.strip(), f"unplaced: {problem!r}"
        if problem.value and problem.sheet != "options":
            assert problem.row is not None and problem.column, f"cell unplaced: {problem!r}"
    if parsed.metadata is None:
        assert parsed.errors, "an extract without metadata must say why"
    refs = [entry.record_ref for entry in parsed.entries]
    people = {person.person_ref for person in parsed.people}
    assert len(refs) == len(set(refs)) and len(people) == len(parsed.people)
    assert all(set(entry.subjects) <= people for entry in parsed.entries)
    return parsed


def _refused_if_in_error(service: ChronologyService, parsed: ParsedExtract) -> None:
    case = f"PROP-{uuid.uuid4().hex[:10]}"
    before = service.app.recorder.max_notification_id()
    if parsed.errors:
        with pytest.raises(ExtractRejected):
            service.import_parsed(parsed, case, "property@test")
        assert service.app.recorder.max_notification_id() == before
    else:
        service.import_parsed(parsed, case, "property@test")


# --------------------------------------------------------------------------- strategies

_XML_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0xD7FF)
VALUES = st.one_of(
    st.text(_XML_CHARS, max_size=30),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.sampled_from(
        ["", "true", "false", "1", "0", "-1", "3B", "99Q", "RC8", "NEG", "N1", "6", "UN1",
         "2025-02-30", "15/09/2025", "2025-09", "A123456789012", "NS1001234", "CIN", "\u00a0"]
    ),
)  # fmt: skip
NAMES = st.one_of(st.sampled_from(TAGS), st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True))


def _xml(element: Element) -> str:
    inner = escape(element.text) + "".join(_xml(child) for child in element.children)
    return f"<{element.tag}>{inner}</{element.tag}>\n"


ELEMENTS = st.recursive(
    st.builds(lambda tag, text: Element(tag=tag, line=0, parts=[text]), NAMES, VALUES),
    lambda children: st.builds(
        lambda tag, kids: Element(tag=tag, line=0, children=kids),
        NAMES,
        st.lists(children, max_size=5),
    ),
    max_leaves=30,
)
FRAGMENTS = st.sampled_from(
    ["<", ">", "&", "&amp;", "&lt;", "<!--", "-->", "<![CDATA[x]]>", "<?xml version='1.0'?>",
     "<!DOCTYPE Message>", "</Child>", "<Child>", "\x00", "\ufeff", "é"]
)  # fmt: skip


# --------------------------------------------------------------------------- properties


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _read_bytes(data)


@FAST
@given(st.lists(st.one_of(st.builds(_xml, ELEMENTS), FRAGMENTS, VALUES), max_size=8))
def test_arbitrary_xml_ish_text_never_raises(pieces: list[str]) -> None:
    _read_bytes("".join(pieces).encode("utf-8", "surrogatepass"))


@FAST
@given(st.lists(ELEMENTS, max_size=4), st.booleans())
def test_any_children_in_a_census_message_never_raise(
    children: list[Element], header: bool
) -> None:
    message = Element(tag="Message", line=0, children=list(ORIGINAL.children[:1] if header else []))
    message.children.append(Element(tag="Children", line=0, children=children))
    _read_bytes(_xml(message).encode())


def _mutated(draw: st.DrawFn) -> Element:
    root = copy.deepcopy(ORIGINAL)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        parents = [element for element in _walk(root) if element.children]
        if not parents:
            break
        parent = draw(st.sampled_from(parents))
        at = draw(st.integers(min_value=0, max_value=len(parent.children) - 1))
        kind = draw(st.sampled_from(["drop", "duplicate", "replace"]))
        if kind == "drop":
            del parent.children[at]
        elif kind == "duplicate":
            parent.children.insert(at, copy.deepcopy(parent.children[at]))
        else:
            parent.children[at].parts = [draw(VALUES)]
    return root


MUTATED = st.composite(_mutated)()


@SLOW
@given(MUTATED)
def test_a_mutated_return_never_raises_and_errors_are_refused(
    memory_service: ChronologyService, document: Element
) -> None:
    parsed = _read_bytes(_xml(document).encode())
    _refused_if_in_error(memory_service, parsed)


def test_the_unmutated_return_reads_cleanly_through_the_same_writer() -> None:
    parsed = _read_bytes(_xml(ORIGINAL).encode())
    assert parsed.problems == () and len(parsed.entries) == 25
