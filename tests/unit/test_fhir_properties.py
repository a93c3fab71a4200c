"""Property tests on the FHIR adapter: whatever a system exports, `read` answers.

For arbitrary bytes, arbitrary JSON, bundles of arbitrary resources and the Riverside Surgery
bundle with parts replaced, cut or repeated, the adapter never raises, always returns a
`ParsedExtract`, places every problem, never quotes a person's name or birth date in a
message, and any error makes the service refuse the extract. A valid generated bundle reads
without errors, one entry for each appointment that has happened.
"""

from __future__ import annotations

import copy
import json
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.canonical import MetadataOverrides
from adapters.fhir import read, recognises
from adapters.fhir.resources import MODELS
from chronology.bootstrap import open_service
from chronology.errors import ExtractRejected
from chronology.records import ParsedExtract
from chronology.service import ChronologyService
from chronology.settings import Settings
from chronology.vocabulary import EventType

FAST = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIXTURE = Path(__file__).parents[2] / "fixtures/formats/fhir/riverside-surgery-bundle.json"
TODAY = date(2025, 3, 1)
PERSONAL = ("Poppy", "Marsh", "Jade", "Colley", "2024-09-14", "2003-05-02", "1999-11-23")
OPTIONS = MetadataOverrides(organisation="PROPERTY TEST SURGERY", agency="gp")


@pytest.fixture(scope="module")
def memory_service() -> Iterator[ChronologyService]:
    opened = open_service(Settings(in_memory=True))
    yield opened
    opened.close()


def _read_bytes(data: bytes, overrides: MetadataOverrides | None = None) -> ParsedExtract:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "bundle.json"
        path.write_bytes(data)
        recognises(path)  # must not raise either
        parsed = read(path, overrides, today=TODAY)  # must not raise, whatever the file
    assert isinstance(parsed, ParsedExtract)
    for problem in parsed.problems:
        assert problem.message.strip() and problem.sheet.strip(), problem
        if problem.sheet.startswith("Bundle.entry["):
            assert problem.row is not None and problem.column, f"unplaced: {problem!r}"
        assert not any(value in problem.message for value in PERSONAL), problem
    if parsed.metadata is None:
        assert parsed.errors, "an extract without metadata must say why"
    return parsed


def _read_json(document: Any, overrides: MetadataOverrides | None = None) -> ParsedExtract:
    return _read_bytes(json.dumps(document).encode(), overrides)


def _refused_if_in_error(service: ChronologyService, parsed: ParsedExtract) -> None:
    """Errors mean the service refuses; no errors mean it stores the extract."""
    case = f"FHIR-{uuid.uuid4().hex[:10]}"
    if parsed.errors:
        with pytest.raises(ExtractRejected):
            service.import_parsed(parsed, case, "property@test")
    else:
        service.import_parsed(parsed, case, "property@test")


# --------------------------------------------------------------------------- arbitrary input

_json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.sampled_from(["2024-03-05", "2024-03", "Patient/poppy-marsh", "noshow", "EMER"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@FAST
@given(raw=st.binary(max_size=400))
def test_arbitrary_bytes_are_refused_with_a_reason(raw: bytes) -> None:
    assert _read_bytes(raw).errors


@FAST
@given(document=_json_values)
def test_arbitrary_json_is_refused_with_a_reason(document: Any) -> None:
    assert _read_json(document).errors


def _resource_of(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    fields = sorted(name for name in MODELS[kind].model_fields if not name.endswith("__ext"))
    names = st.sampled_from(["class" if name == "class_fhir" else name for name in fields])
    return st.dictionaries(names, _json_values, max_size=5).map(
        lambda body: {**body, "resourceType": kind}
    )


_entries = st.lists(
    st.fixed_dictionaries(
        {"resource": st.sampled_from(sorted(MODELS)).flatmap(_resource_of)},
        optional={"fullUrl": st.one_of(st.text(max_size=20), _json_values)},
    ),
    max_size=4,
)


@FAST
@given(entries=_entries, timestamp=_json_values)
def test_bundles_of_arbitrary_resources_are_read_or_refused_with_a_reason(
    entries: list[dict[str, Any]], timestamp: Any, memory_service: ChronologyService
) -> None:
    document = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    if timestamp is not None:
        document["timestamp"] = timestamp
    _refused_if_in_error(memory_service, _read_json(document, OPTIONS))


# --------------------------------------------------------------------------- mutated fixture

VALID = json.loads(FIXTURE.read_text(encoding="utf-8"))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict | list):
        children = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in children:
            yield from _paths(child, (*path, key))


PATHS = list(_paths(VALID))[1:]


def _mutate(document: Any, path: tuple[Any, ...], action: str, value: Any) -> None:
    *parents, last = path
    node = document
    for key in parents:
        node = node[key]
    if action == "delete":
        del node[last]
    elif action == "repeat" and isinstance(node, list):
        node.append(copy.deepcopy(node[last]))
    else:
        node[last] = value


@SLOW
@given(
    mutations=st.lists(
        st.tuples(
            st.sampled_from(PATHS), st.sampled_from(["replace", "delete", "repeat"]), _json_values
        ),
        min_size=1,
        max_size=4,
    )
)
def test_the_riverside_bundle_with_parts_replaced_cut_or_repeated(
    mutations: list[tuple[tuple[Any, ...], str, Any]], memory_service: ChronologyService
) -> None:
    document = copy.deepcopy(VALID)
    for path, action, value in mutations:
        try:
            _mutate(document, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this part
    _refused_if_in_error(memory_service, _read_json(document))


# --------------------------------------------------------------------------- valid bundles

_names = st.text(st.characters(categories=["L"]), min_size=1, max_size=20)
_statuses = st.sampled_from(["noshow", "cancelled", "fulfilled", "booked", "entered-in-error"])


@st.composite
def _appointments(draw: st.DrawFn) -> list[tuple[str, date]]:
    count = draw(st.integers(0, 5))
    days = st.dates(min_value=date(2024, 1, 1), max_value=TODAY + timedelta(days=60))
    return [(draw(_statuses), draw(days)) for _ in range(count)]


def _bundle(given_name: str, born: date, appointments: list[tuple[str, date]]) -> dict[str, Any]:
    patient = {
        "resourceType": "Patient",
        "id": "child",
        "name": [{"given": [given_name], "family": "Pemberton"}],
        "birthDate": born.isoformat(),
    }
    booked = [
        {
            "resourceType": "Appointment",
            "id": f"appt-{number}",
            "status": status,
            "start": f"{day.isoformat()}T10:00:00+00:00",
            "participant": [{"actor": {"reference": "Patient/child"}, "status": "accepted"}],
        }
        for number, (status, day) in enumerate(appointments)
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": resource} for resource in [patient, *booked]],
    }


def _expected_entries(appointments: list[tuple[str, date]]) -> int:
    return sum(
        status != "entered-in-error" and not (status == "booked" and day > TODAY)
        for status, day in appointments
    )


@FAST
@given(
    given_name=_names,
    born=st.dates(min_value=date(2010, 1, 1), max_value=date(2023, 12, 31)),
    appointments=_appointments(),
)
def test_a_valid_bundle_gives_one_entry_for_each_appointment_that_has_happened(
    given_name: str, born: date, appointments: list[tuple[str, date]]
) -> None:
    parsed = _read_json(_bundle(given_name, born, appointments), OPTIONS)
    assert parsed.errors == []
    assert [person.given_names for person in parsed.people] == [given_name]
    assert len(parsed.entries) == _expected_entries(appointments)
    for entry in parsed.entries:
        if entry.event_type is EventType("appointment_missed"):
            assert entry.summary.startswith("Was not brought")
