"""The mapping file: which column of an agency's own export is which field, and what its words mean.

A mapping is a TOML file (docs/mapping-format.md) read with `tomllib` and validated by
pydantic models that forbid unknown keys. `load_mapping` never raises: every mistake is a
problem placed at the mapping file, the key (`columns.occurred`) and its line.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, model_validator

from adapters.mapped.attributes import AttributeField, AttributeName
from adapters.mapped.fields import Strict
from adapters.mapped.mapping_checks import cross_check
from adapters.mapped.mapping_problems import toml_problem, validation_problems
from adapters.mapped.people_section import PeopleGroup, Roles
from adapters.mapped.sections import (
    Columns,
    EventTypeSection,
    ExtractSection,
    FileSection,
    one_or_many,
)
from adapters.mapped.skip import SkipRule
from chronology.problems import Problem, error

MAX_MAPPING_BYTES = 1024 * 1024


class Mapping(Strict):
    """A whole mapping file."""

    mapping_version: Literal[1] = 1
    file: FileSection = Field(default_factory=FileSection)
    extract: ExtractSection = Field(default_factory=ExtractSection)
    columns: Columns
    event_type: EventTypeSection
    people: Annotated[list[PeopleGroup], Field(min_length=1)]
    roles: Roles = Field(default_factory=Roles)
    attributes: dict[AttributeName, AttributeField] = Field(default_factory=dict)
    skip: list[SkipRule] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _single_tables_as_lists(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        lists = {key: one_or_many(data[key]) for key in ("people", "skip") if key in data}
        return {**data, **lists}

    def columns_used(self) -> list[tuple[str, str]]:
        """Every (mapping key, column name) pair, so a missing column names both."""
        used = [
            *_field_columns("columns", self.columns),
            *[
                (f"columns.shared_with{_nth(self.columns.shared_with, i)}", s.column)
                for i, s in enumerate(self.columns.shared_with)
            ],
            *[(f"skip[{i}]", rule.column) for i, rule in enumerate(self.skip)],
            *[(f"attributes.{name}", kept.column) for name, kept in self.attributes.items()],
        ]
        if self.event_type.column:
            used.append(("event_type.column", self.event_type.column))
        for index, group in enumerate(self.people):
            used += _field_columns(f"people{_nth(self.people, index)}", group)
        return used


def _nth(items: list[Any], index: int) -> str:
    return f"[{index}]" if len(items) > 1 else ""


def _field_columns(prefix: str, section: Strict) -> list[tuple[str, str]]:
    """The columns of every field of a section that reads columns (text, dates, words)."""
    return [
        (f"{prefix}.{name}", column)
        for name in type(section).model_fields
        if isinstance(value := getattr(section, name), Strict) and hasattr(value, "columns")
        for column in value.columns
    ]


@dataclass(frozen=True)
class LoadedMapping:
    """A mapping (None if it cannot be used), the problems found in it, and its SHA-256."""

    mapping: Mapping | None
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""


def load_mapping(path: Path) -> LoadedMapping:
    """Reads and checks a mapping file; problems are returned, never raised."""
    sheet = path.name[:200] or "mapping"
    try:
        data = _bytes(path, sheet)
        text = data.decode("utf-8-sig")
        raw = tomllib.loads(text)
    except _Unusable as unusable:
        return LoadedMapping(None, [unusable.problem])
    except UnicodeDecodeError:
        return LoadedMapping(None, [_whole(sheet, "the mapping file is not UTF-8 text")])
    except tomllib.TOMLDecodeError as mistake:
        return LoadedMapping(None, [toml_problem(mistake, sheet)])
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        mapping = Mapping.model_validate(raw)
    except ValidationError as invalid:
        return LoadedMapping(None, validation_problems(invalid, raw, text, sheet, Mapping), sha256)
    problems = cross_check(mapping, text, sheet)
    usable = not any(problem.is_error for problem in problems)
    return LoadedMapping(mapping if usable else None, problems, sha256)


class _Unusable(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _bytes(path: Path, sheet: str) -> bytes:
    if not path.is_file():
        raise _Unusable(_whole(sheet, "no mapping file is at this path"))
    if path.stat().st_size > MAX_MAPPING_BYTES:
        raise _Unusable(_whole(sheet, "the mapping file is larger than 1 MB"))
    try:
        return path.read_bytes()
    except OSError:
        raise _Unusable(_whole(sheet, "the mapping file cannot be read")) from None


def _whole(sheet: str, message: str) -> Problem:
    return error(
        message, sheet=sheet, expected="a UTF-8 TOML mapping file (docs/mapping-format.md)"
    )
