"""FHIR R4 validation with the `fhir.resources` R4B models, its failures as placed problems.

Pydantic's own messages can quote the offending value (a name, a date of birth): they are
never shown. Each problem names the element path (`name[0].given[0]`) and says in plain words
what FHIR expects there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from chronology.problems import Problem, error

M = TypeVar("M", bound=BaseModel)
MAX_PER_RESOURCE = 20
DATES = "a FHIR date (2024-03-05, 2024-03 or 2024) or dateTime (2024-03-05T14:20:00+00:00)"
_DATE_ELEMENT = re.compile(r"(date|datetime|instant|start|end|issued|timestamp|created|updated)$")
_EXPECTED_BY_KIND = {
    "string": "text",
    "int": "a whole number",
    "float": "a number",
    "decimal": "a number",
    "bool": "true or false",
    "list": "a list (a JSON array)",
    "dict": "an object",
    "model": "an object",
    "date": DATES,
    "datetime": DATES,
}


def validated(
    model: type[M], data: dict[str, Any], sheet: str, row: int | None, problems: list[Problem]
) -> M | None:
    """The data as the model, or None with every failure added to `problems`."""
    try:
        return model.model_validate(data)
    except ValidationError as invalid:
        problems.extend(_translated(invalid, sheet, row))
    except Exception:  # fhir.resources validators can fail in other ways on odd input
        problems.extend(element_problems(sheet, row, [("", "a resource FHIR R4 can read")]))
    return None


def element_problems(
    sheet: str, row: int | None, elements: Iterable[tuple[str, str]]
) -> list[Problem]:
    """One error for each (element path, what it should hold)."""
    return [
        error(
            f"{path or 'the resource'} does not hold what FHIR R4 expects",
            sheet=sheet,
            row=row,
            column=path or "resource",
            expected=expected,
        )
        for path, expected in elements
    ]


def _translated(invalid: ValidationError, sheet: str, row: int | None) -> list[Problem]:
    details = invalid.errors(include_url=False, include_context=False, include_input=False)
    problems = [_problem(detail["type"], detail["loc"], sheet, row) for detail in details]
    if len(problems) > MAX_PER_RESOURCE:
        more = len(problems) - MAX_PER_RESOURCE
        problems = problems[:MAX_PER_RESOURCE]
        problems.append(
            error(f"and {more} more invalid elements", sheet=sheet, row=row, column="resource")
        )
    return problems


def _problem(kind: str, location: tuple[int | str, ...], sheet: str, row: int | None) -> Problem:
    path = element_path(location)
    if kind == "missing":
        message, expected = f"{path} is missing", "this element, which FHIR R4 requires here"
    elif kind == "extra_forbidden":
        message, expected = f"{path} is not a FHIR R4 element here", "only FHIR R4 elements"
    else:
        message, expected = f"{path} does not hold a valid value", _expected(kind, path)
    return error(message, sheet=sheet, row=row, column=path, expected=expected)


def element_path(location: tuple[int | str, ...]) -> str:
    """A pydantic location as a FHIR element path: ('name', 0, 'given') -> name[0].given."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            name = "resourceType" if part == "resource_type" else str(part)[:60]
            path += f".{name}" if path else name
    return path or "resource"


def _expected(kind: str, path: str) -> str:
    if _DATE_ELEMENT.search(path.rsplit(".", 1)[-1].lower()):
        return DATES
    named = kind.split("_", 1)[0]
    return _EXPECTED_BY_KIND.get(named, "a valid value for this FHIR R4 element")
