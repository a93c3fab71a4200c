"""Concern points (rule 1) on a hand-made timeline: the weights, the window, the monthly series."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from chronology.people.models import Person
from chronology.rules.base import RuleContext
from chronology.rules.concern import (
    concern_series,
    concern_weights,
    rolling_totals,
    weighted_entries,
)
from chronology.rules.settings import rule_settings
from chronology.timeline_frame import timeline_frame

POLICE, GP, SCHOOL = "NORTHSHIRE POLICE", "RIVERSIDE SURGERY", "HOLLYBANK PRIMARY"
AGENCIES = {POLICE: "police", GP: "gp", SCHOOL: "school"}
FINN = Person(
    id="finn", name="Finn Doyle", date_of_birth=date(2024, 8, 14), is_child=True, mentions=()
)
MASON = Person(
    id="mason", name="Mason Walsh", date_of_birth=date(2016, 11, 21), is_child=True, mentions=()
)


def entry(
    ref: str,
    occurred: str,
    event_type: str,
    organisation: str = POLICE,
    about: str = "finn",
    **facts: Any,
) -> dict[str, Any]:
    return {
        "occurred": occurred,
        "occurred_from": occurred,
        "organisation": organisation,
        "agency": AGENCIES[organisation],
        "event_type": event_type,
        "subjects": [{"id": about}],
        "source": {"record_ref": ref},
        "attributes": facts,
    }


def context(
    *entries: dict[str, Any], as_at: date = date(2025, 6, 30), **settings: Any
) -> RuleContext:
    rule = rule_settings()["cumulative-risk"]
    frame = timeline_frame(sorted(entries, key=lambda e: str(e["occurred"])))
    return RuleContext("C-1", as_at, frame, {"finn": FINN, "mason": MASON}, {**rule, **settings})


def weights_of(*entries: dict[str, Any]) -> list[int]:
    frame = context(*entries).timeline
    return list(concern_weights(frame, FINN, rule_settings()["cumulative-risk"]["weights"]))


def test_domestic_abuse_weighs_three_with_children_present_and_two_without() -> None:
    assert weights_of(
        entry("N1", "2024-09-07", "domestic_abuse_incident", children_present=True),
        entry("N2", "2024-10-07", "domestic_abuse_incident", children_present=False),
        entry("N3", "2024-11-07", "domestic_abuse_incident"),
    ) == [3, 2, 2]


def test_an_injury_weighs_five_until_the_child_is_six_months_old_then_three() -> None:
    assert weights_of(
        entry("R1", "2025-02-12", "injury_observed", GP),  # 182 days old
        entry("R2", "2025-02-13", "injury_observed", GP),  # 183 days old
    ) == [5, 3]


def test_a_missed_appointment_counts_at_a_health_agency_only() -> None:
    assert weights_of(
        entry("R1", "2024-10-01", "appointment_missed", GP),
        entry("H1", "2024-10-02", "appointment_missed", SCHOOL),
    ) == [1, 0]


def test_only_entries_about_the_child_that_carry_concern_are_weighted() -> None:
    found = weighted_entries(
        context(
            entry("N1", "2024-09-07", "referral"),
            entry("N2", "2024-09-08", "home_visit"),
            entry("N3", "2024-09-09", "referral", about="mason"),
        ),
        FINN,
    )
    assert list(found["record_ref"]) == ["N1"] and list(found["weight"]) == [1]


def test_the_window_holds_365_days_to_the_day_and_drops_the_day_before() -> None:
    found = weighted_entries(context(entry("N1", "2024-01-10", "missing_episode")), FINN)
    days = pd.Series(pd.to_datetime(["2024-01-09", "2024-01-10", "2025-01-08", "2025-01-09"]))
    totals = rolling_totals(found, days, 365)
    assert list(totals[POLICE]) == [0, 2, 2, 0]


def test_each_month_holds_every_agency_at_its_last_day_and_the_as_at_day_last() -> None:
    [finn, _mason] = concern_series(
        context(
            entry("N1", "2024-09-07", "domestic_abuse_incident", children_present=True),
            entry("R1", "2024-10-01", "appointment_missed", GP),
            entry("R2", "2024-11-10", "appointment_missed", GP),
            as_at=date(2024, 11, 6),
        )
    )
    assert [(m.month, m.as_at, m.by_agency, m.total) for m in finn.months] == [
        ("2024-09", date(2024, 9, 30), {POLICE: 3, GP: 0}, 3),
        ("2024-10", date(2024, 10, 31), {POLICE: 3, GP: 1}, 4),
        ("2024-11", date(2024, 11, 6), {POLICE: 3, GP: 1}, 4),
    ]
    assert finn.agencies == [POLICE, GP]


def test_a_child_with_no_concern_has_an_empty_series() -> None:
    [_finn, mason] = concern_series(context(entry("N1", "2024-09-07", "referral")))
    assert mason.child_name == "Mason Walsh" and mason.months == [] and mason.agencies == []
    assert mason.threshold_reached_on is None


def test_the_day_the_agencies_together_reach_the_threshold_is_recorded() -> None:
    incidents = [
        entry(f"N{n}", f"2024-0{n}-01", "domestic_abuse_incident", children_present=True)
        for n in range(1, 4)
    ]
    [finn, _] = concern_series(context(*incidents, entry("R1", "2024-05-02", "referral", GP)))
    assert finn.threshold_reached_on == date(2024, 5, 2)  # 3 + 3 + 3 + 1
    assert finn.threshold == 10 and finn.window_days == 365


def test_a_partnership_weights_and_window_change_the_series() -> None:
    weights = {**rule_settings()["cumulative-risk"]["weights"], "referral": 4}
    [finn, _] = concern_series(
        context(
            entry("N1", "2024-01-05", "referral"),
            entry("N2", "2024-03-05", "referral"),
            as_at=date(2024, 3, 31),
            weights=weights,
            window_days=30,
        )
    )
    assert [m.total for m in finn.months] == [4, 0, 4]


def test_the_series_is_ready_for_json() -> None:
    [finn, _] = concern_series(
        context(entry("N1", "2024-09-07", "referral"), as_at=date(2024, 9, 9))
    )
    assert finn.model_dump(mode="json") == {
        "child_id": "finn",
        "child_name": "Finn Doyle",
        "threshold": 10,
        "window_days": 365,
        "as_at": "2024-09-09",
        "agencies": [POLICE],
        "months": [
            {"month": "2024-09", "as_at": "2024-09-09", "by_agency": {POLICE: 1}, "total": 1}
        ],
        "threshold_reached_on": None,
    }
