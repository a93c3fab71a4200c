"""A flag: one finding a reviewer or chair must look at, with its reasons and its evidence."""

from __future__ import annotations

from datetime import date
from uuid import uuid5

from pydantic import BaseModel, ConfigDict

from chronology.domain.ids import NAMESPACE


class Evidence(BaseModel):
    """An entry behind a flag, as the people who hold it would find it."""

    model_config = ConfigDict(frozen=True)

    organisation: str
    record_ref: str
    occurred: str
    event_type: str


class Window(BaseModel):
    model_config = ConfigDict(frozen=True)

    from_date: date
    to_date: date


class Flag(BaseModel):
    """The fields RULES.md lists; the id is derived from the rule and its evidence, so it is
    stable across recomputation (a reviewer's note on it survives)."""

    model_config = ConfigDict(frozen=True)

    id: str
    rule: str
    rule_version: int
    severity: str
    title: str
    explanation: str
    children: tuple[str, ...]
    people: tuple[str, ...] = ()
    agencies: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    window: Window | None = None
    learning: str


def flag_id(rule: str, subject: str, evidence: tuple[Evidence, ...]) -> str:
    keys = sorted(f"{item.organisation}|{item.record_ref}" for item in evidence)
    return str(uuid5(NAMESPACE, f"flag:{rule}:{subject}:{';'.join(keys)}"))
