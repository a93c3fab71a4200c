"""Rule parameters: the defaults of RULES.md, overridden by a partnership's own file."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

DEFAULTS = Path(__file__).with_name("defaults.toml")


def rule_settings(path: Path | None = None) -> dict[str, Any]:
    """Defaults, with every key a partnership's file (CHRONOLOGY_RULES_FILE) sets replaced."""
    settings = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    chosen = path or (
        Path(os.environ["CHRONOLOGY_RULES_FILE"])
        if os.environ.get("CHRONOLOGY_RULES_FILE")
        else None
    )
    if chosen is not None:
        _merge(settings, tomllib.loads(chosen.read_text(encoding="utf-8")))
    return settings


def _merge(into: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
