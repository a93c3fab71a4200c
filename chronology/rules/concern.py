"""Concern points (rule 1): each entry's weight for a child, and the rolling totals made of them.

The cumulative-risk rule and the concern chart read the same figures. Every entry about a child
carries a concern weight (settings `cumulative-risk.weights`); the concern as at a day is the
sum of the weights of the entries that occurred in the window (`window_days`) ending that day,
per organisation ("agency" in RULES.md means the organisation). All of it is vectorised: one
pass over the entries, cumulative sums and a binary search, with no loop over rows or days.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict

from chronology.people.models import Person
from chronology.people.models import as_at as as_at_then
from chronology.rules.base import HEALTH_AGENCIES, RuleContext

BABY_DAYS = 183  # "a baby under 6 months"
WEIGHED_BY_ATTRIBUTES = ("domestic_abuse_incident", "injury_observed")
WEIGHT_COLUMNS = ["event_type", "attributes", "occurred_from", "agency"]


class ConcernMonth(BaseModel):
    """One month of a child's concern: each organisation's points in the window ending `as_at`."""

    model_config = ConfigDict(frozen=True)

    month: str  # YYYY-MM
    as_at: date  # the month's last day; in the as-at month, the as-at day
    by_agency: dict[str, int]  # every organisation of the series, zero included
    total: int


class ConcernSeries(BaseModel):
    """A child's cumulative concern by organisation, month by month, against the threshold."""

    model_config = ConfigDict(frozen=True)

    child_id: str
    child_name: str
    threshold: int
    window_days: int
    as_at: date
    agencies: list[str]  # organisations, in the order their first concern occurred
    months: list[ConcernMonth]  # from the month of the first concern to the as-at month
    threshold_reached_on: date | None  # first day the agencies together reached the threshold


def concern_weights(
    entries: pd.DataFrame, child: Person, weights: Mapping[str, Any]
) -> pd.Series[int]:
    """Each entry's concern weight for `child`, by event type, with RULES.md's three refinements:
    domestic abuse with children present weighs more; an injury weighs most when the child was
    under 6 months old that day; a missed appointment counts only at a health agency."""
    kind = entries["event_type"]
    flat = kind.map({code: int(points) for code, points in weights.items()})
    weight = np.array(flat.fillna(0), dtype=np.int64)
    abuse = np.flatnonzero((kind == "domestic_abuse_incident").to_numpy())
    present = [_children_present(found) for found in entries["attributes"].to_numpy()[abuse]]
    _set(
        weight,
        abuse[np.array(present, dtype=bool)],
        weights,
        "domestic_abuse_incident_children_present",
    )
    injury = (kind == "injury_observed").to_numpy()
    baby = _age_in_days(entries, child) < BABY_DAYS
    _set(weight, np.flatnonzero(injury & baby), weights, "injury_to_baby_under_6_months")
    _set(weight, np.flatnonzero(injury & ~baby), weights, "injury_observed")
    missed = (kind == "appointment_missed") & ~entries["agency"].isin(HEALTH_AGENCIES)
    weight[missed.to_numpy()] = 0
    return pd.Series(weight, index=entries.index, dtype="int64")


def weighted_entries(context: RuleContext, child: Person) -> pd.DataFrame:
    """The entries about `child` that carry concern, in timeline order, with a `weight` column.

    Rows are picked by position and the wide timeline is copied once, for the rows kept: on a
    case of thousands of entries that copy, not the arithmetic, is what costs.
    """
    frame, weights = context.timeline, context.settings["weights"]
    if frame.empty:
        return frame.assign(weight=pd.Series([], index=frame.index, dtype="int64"))
    rows = np.flatnonzero(frame["event_type"].isin({*weights, *WEIGHED_BY_ATTRIBUTES}))
    subjects = frame["subjects"].to_numpy()
    rows = rows[np.array([child.id in subjects[row] for row in rows], dtype=bool)]
    weight = concern_weights(frame[WEIGHT_COLUMNS].iloc[rows], child, weights).to_numpy()
    kept: pd.DataFrame = frame.iloc[rows[weight > 0]]
    return kept.assign(weight=weight[weight > 0])


def rolling_totals(
    weighted: pd.DataFrame, days: pd.Series[pd.Timestamp], window_days: int
) -> pd.DataFrame:
    """Each organisation's points in the `window_days` ending on each of `days` (inclusive):
    one row per day, one column per organisation (in the order its first concern occurred).

    A running sum per organisation over the entries in date order, read at each window's two
    ends by binary search: the total in a window is the difference.
    """
    if weighted.empty:
        return pd.DataFrame(index=days.to_numpy(), columns=[], dtype="int64")
    occurred = weighted["occurred_from"].to_numpy()
    order = np.argsort(occurred, kind="stable")
    codes, organisations = pd.factorize(weighted["organisation"].to_numpy()[order])
    running = np.zeros((len(order) + 1, len(organisations)), dtype=np.int64)
    running[np.arange(1, len(order) + 1), codes] = weighted["weight"].to_numpy()[order]
    running = running.cumsum(axis=0)
    times, ends = occurred[order], days.to_numpy()
    upper = np.searchsorted(times, ends, side="right")
    lower = np.searchsorted(times, ends - np.timedelta64(window_days, "D"), side="right")
    return pd.DataFrame(
        running[upper] - running[lower], index=ends, columns=[str(name) for name in organisations]
    )


def case_concern(
    case_ref: str,
    as_at: date,
    timeline: pd.DataFrame,
    people: list[Person],
    settings: dict[str, Any],
) -> list[ConcernSeries]:
    """Every child's series for a case, from all the rule settings (as `engine.evaluate` takes)."""
    by_id = {person.id: as_at_then(person, as_at) for person in people}
    return concern_series(
        RuleContext(case_ref, as_at, timeline, by_id, settings.get("cumulative-risk", {}))
    )


def concern_series(context: RuleContext) -> list[ConcernSeries]:
    """Every child's series as at `context.as_at` (settings: the cumulative-risk section)."""
    children = sorted(context.children(), key=lambda person: (person.name, person.id))
    return [_series(context, child) for child in children]


def _series(context: RuleContext, child: Person) -> ConcernSeries:
    threshold, days = int(context.settings["threshold"]), int(context.settings["window_days"])
    weighted = weighted_entries(context, child)
    ends = _month_ends(weighted, context.as_at)
    totals = rolling_totals(weighted, ends, days)
    names = [str(name) for name in totals.columns]
    months = [
        ConcernMonth(
            month=f"{end:%Y-%m}",
            as_at=end.date(),
            by_agency=dict(zip(names, map(int, row), strict=True)),
            total=int(row.sum()),
        )
        for end, row in zip(ends, totals.to_numpy(), strict=True)
    ]
    return ConcernSeries(
        child_id=child.id,
        child_name=child.name,
        threshold=threshold,
        window_days=days,
        as_at=context.as_at,
        agencies=names,
        months=months,
        threshold_reached_on=_reached_on(weighted, context.as_at, threshold, days),
    )


def _month_ends(weighted: pd.DataFrame, as_at: date) -> pd.Series[pd.Timestamp]:
    """The last day of each month from the first concern's month to the as-at month; the as-at
    month's point is the as-at day itself (nothing after it is known)."""
    ends: list[pd.Timestamp] = []
    if not weighted.empty:
        first = weighted["occurred_from"].min().to_period("M")
        months = pd.period_range(first, pd.Period(as_at, "M"), freq="M")
        ends = [min(month.end_time.normalize(), pd.Timestamp(as_at)) for month in months]
    return pd.Series(ends, dtype="datetime64[us]")


def _reached_on(weighted: pd.DataFrame, as_at: date, threshold: int, days: int) -> date | None:
    """The first day, by the as-at day, on which the agencies' total reached the threshold."""
    occurred = weighted["occurred_from"]
    entry_days = occurred[occurred <= pd.Timestamp(as_at)].drop_duplicates().sort_values()
    totals = rolling_totals(weighted, entry_days, days).sum(axis=1)
    reached = entry_days[(totals >= threshold).to_numpy()]
    return None if reached.empty else reached.iloc[0].date()


def _children_present(attributes: object) -> bool:
    return isinstance(attributes, dict) and attributes.get("children_present") is True


def _age_in_days(entries: pd.DataFrame, child: Person) -> npt.NDArray[np.int64]:
    """The child's age in days on each entry's day (unknown birth date: never a baby)."""
    if child.date_of_birth is None:
        return np.full(len(entries), BABY_DAYS, dtype=np.int64)
    days = entries["occurred_from"].to_numpy().astype("datetime64[D]")
    return (days - np.datetime64(child.date_of_birth, "D")).astype(np.int64)


def _set(
    weight: npt.NDArray[np.int64], rows: npt.NDArray[np.intp], weights: Mapping[str, Any], key: str
) -> None:
    if rows.size:  # a partnership file need not name weights it never uses
        weight[rows] = int(weights[key])
