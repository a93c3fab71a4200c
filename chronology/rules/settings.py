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
    chosen = path or _chosen()
    if chosen is not None:
        _merge(settings, tomllib.loads(chosen.read_text(encoding="utf-8")))
    return settings


def settings_version() -> tuple[tuple[str, int, int], ...]:
    """Which rule settings are in force, without reading them: each file's path, size and
    modification time. Equal versions mean equal settings, so answers built on them can be
    reused (a missing file counts as size -1)."""
    version = []
    for path in (DEFAULTS, _chosen()):
        if path is not None:
            try:
                found = path.stat()
                version.append((str(path), found.st_size, found.st_mtime_ns))
            except OSError:
                version.append((str(path), -1, 0))
    return tuple(version)


def _chosen() -> Path | None:
    named = os.environ.get("CHRONOLOGY_RULES_FILE")
    return Path(named) if named else None


def _merge(into: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
