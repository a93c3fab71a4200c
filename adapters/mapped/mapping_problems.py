"""Mistakes in a mapping file, as problems a data officer can act on.

Each names the mapping file, the line, the key (`columns.occurred.formats[0]`), the value
found and what was expected, in words rather than pydantic's.
"""

from __future__ import annotations

import re
import tomllib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from adapters.mapped.toml_places import key_lines, line_of, render
from adapters.mapped.words import did_you_mean
from chronology.problems import Problem, error

DOCS = "a value as docs/mapping-format.md describes"
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_SAID = {
    "string_type": ("should be text in quotes", 'text in quotes, e.g. "Occurrence ID"'),
    "int_type": ("should be a whole number", "a whole number, e.g. 1"),
    "bool_type": ("should be true or false", "true or false"),
    "list_type": ("should be a list", 'a list, e.g. ["Victim", "Suspect"]'),
    "dict_type": ("should be a table", 'a table, e.g. { "Arrest" = "arrest" }'),
    "model_type": ("should be a table", "a table: [section] or { key = value, ... }"),
    "missing": ("is required", DOCS),
}


def toml_problem(mistake: tomllib.TOMLDecodeError, sheet: str) -> Problem:
    found = _AT_LINE.search(str(mistake))
    reason = _AT_LINE.sub("", str(mistake)).strip()
    return error(
        f"the mapping file is not valid TOML: {reason}",
        sheet=sheet,
        row=int(found.group(1)) if found else None,
        expected='TOML: key = "value" lines under [section] headers',
    )


def validation_problems(
    invalid: ValidationError, raw: Any, text: str, sheet: str, model: type[BaseModel]
) -> list[Problem]:
    lines = key_lines(text)
    return [_problem(detail, raw, lines, sheet, model) for detail in invalid.errors()]


def _problem(
    detail: ErrorDetails, raw: Any, lines: dict[str, int], sheet: str, model: type[BaseModel]
) -> Problem:
    path = render(tuple(detail["loc"]), raw) or "(top level)"
    message, expected = _said(detail, model)
    return error(
        f"{path}{message}",
        sheet=sheet,
        row=line_of(path, lines),
        column=path,
        value=_shown(detail.get("input")),
        expected=expected,
    )


def _said(detail: ErrorDetails, model: type[BaseModel]) -> tuple[str, str]:
    kind, loc = detail["type"], tuple(detail["loc"])
    if kind == "extra_forbidden":
        allowed = _keys_at(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed)
        return f" is not a key here{hint}", f"one of: {', '.join(allowed)}" if allowed else DOCS
    if kind == "model_type" and "column" in _keys_at(model, loc):
        return " should be a column name or a table", "a column name in quotes, or a table"
    if kind in _SAID:
        return f" {_SAID[kind][0]}", _SAID[kind][1]
    if kind == "string_pattern_mismatch":
        return " is not a usable name", "lower-case letters, digits and _, e.g. dash_risk"
    text = detail["msg"].removeprefix("Value error, ").replace("Input should", "should")
    said, _, expected = text.partition("; expected ")
    return f": {said}", expected or DOCS


def _shown(value: Any) -> str:
    if isinstance(value, dict | list) or value is None:
        return ""
    return str(value)[:80]


def _keys_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the table at `loc` (walking the mapping's models)."""
    kind: Any = model
    for part in loc:
        kind = _step(_unwrapped(kind), part)
    kind = _unwrapped(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return list(kind.model_fields)
    return []


def _step(kind: Any, part: Any) -> Any:
    if isinstance(part, int):
        return get_args(kind)[0] if get_origin(kind) is list else kind
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        found = kind.model_fields.get(str(part))
        return found.annotation if found else None
    return get_args(kind)[1] if get_origin(kind) is dict else None


def _unwrapped(kind: Any) -> Any:
    while get_origin(kind) in (Annotated, Union, types.UnionType):
        arguments = [argument for argument in get_args(kind) if argument is not type(None)]
        kind = arguments[0]
    return kind
