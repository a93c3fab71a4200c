"""A partnership's rule file overrides the defaults key by key; its version says when it changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronology.rules.settings import rule_settings, settings_version


def test_the_partnerships_file_replaces_only_the_keys_it_sets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    defaults = rule_settings()
    rules = tmp_path / "rules.toml"
    rules.write_text("[cumulative-risk.weights]\nreferral = 4\n", encoding="utf-8")
    monkeypatch.setenv("CHRONOLOGY_RULES_FILE", str(rules))
    chosen = rule_settings()["cumulative-risk"]
    assert chosen["weights"]["referral"] == 4
    assert chosen["threshold"] == defaults["cumulative-risk"]["threshold"]
    assert (
        chosen["weights"]["injury_observed"]
        == defaults["cumulative-risk"]["weights"]["injury_observed"]
    )


def test_the_version_moves_when_the_file_is_named_changed_or_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CHRONOLOGY_RULES_FILE", raising=False)
    alone = settings_version()
    assert settings_version() == alone
    rules = tmp_path / "rules.toml"
    rules.write_text("[was-not-brought]\ncount = 2\n", encoding="utf-8")
    monkeypatch.setenv("CHRONOLOGY_RULES_FILE", str(rules))
    named = settings_version()
    assert named != alone and settings_version() == named
    rules.write_text("[was-not-brought]\ncount = 3\n", encoding="utf-8")
    changed = settings_version()
    assert changed != named
    rules.unlink()
    assert settings_version() not in (named, changed)
