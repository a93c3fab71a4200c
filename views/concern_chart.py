"""The cumulative concern chart (rule 1): per child, per month, each organisation's concern points.

One panel per child. Each month's bar stacks the organisations' points in the rolling window
ending that month, so a reviewer sees every agency's own share sitting below the dashed
threshold while together they pass it. Drawn with matplotlib's Agg renderer straight to PNG
bytes: no display, no network. Names come from the agencies' records and are data, never
markup, so mathtext (`$...$`) and TeX are switched off while the chart is built and saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from io import BytesIO
from itertools import cycle

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from chronology.rules.concern import ConcernSeries

# Paul Tol's "muted" scheme: told apart with the common colour-vision deficiencies.
PALETTE = (  # in Tol's order, so that the first organisations differ most
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#DDDDDD",
)
HATCHES = ("", "//", "..", "xx")  # beyond ten organisations, colours repeat with a pattern
A4_WIDTH, PANEL_HEIGHT, DPI = 11.69, 3.4, 150
LABELLED_MONTHS = 30  # beyond this the totals over the bars would run into each other


def concern_png(series: list[ConcernSeries], title: str) -> bytes:
    """The chart as PNG bytes, legible printed on A4 (landscape for up to two children)."""
    with mpl.rc_context({"text.parse_math": False, "text.usetex": False}):
        figure = _figure(series, title)
        buffer = BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def case_chart_png(case_ref: str, series: list[ConcernSeries]) -> bytes:
    """The chart of one case's series, titled with the case and the as-at day."""
    as_at = f", as at {_uk(series[0].as_at)}" if series else ""
    return concern_png(series, f"Case {case_ref}: cumulative concern by agency{as_at}")


def _figure(series: list[ConcernSeries], title: str) -> Figure:
    height = max(8.27, 1.9 + PANEL_HEIGHT * max(len(series), 1))
    figure = Figure(figsize=(A4_WIDTH, height), layout="constrained")
    figure.suptitle(title, fontsize=14, fontweight="bold")
    concerned = [one for one in series if one.months]
    if not concerned:
        _nothing(figure, series)
        return figure
    months = _months(concerned)
    colours = dict(zip(_organisations(concerned), cycle(_styles()), strict=False))
    axes = figure.subplots(len(series), 1, sharex=True, squeeze=False)[:, 0]
    for ax, one in zip(axes, series, strict=True):
        _panel(ax, one, months, colours)
    _month_ticks(axes[-1], months)
    axes[-1].set_xlabel(
        f"Month (each bar as at the month's last day; the last as at {_uk(series[0].as_at)})"
    )
    _legend(figure, colours, series[0].threshold)
    return figure


def _panel(
    ax: Axes, one: ConcernSeries, months: list[str], colours: dict[str, tuple[str, str]]
) -> None:
    """One child's stacked bars: an organisation's segment is its own total that month."""
    place = {month: index for index, month in enumerate(months)}
    x = np.array([place[month.month] for month in one.months], dtype=float)
    bottom = np.zeros(len(x))
    for organisation in one.agencies:
        points = np.array([month.by_agency.get(organisation, 0) for month in one.months])
        colour, hatch = colours[organisation]
        ax.bar(x, points, 0.8, bottom=bottom, color=colour, hatch=hatch, edgecolor="white")
        bottom += points
    for position, month in zip(x, one.months, strict=True):
        if month.total and len(months) <= LABELLED_MONTHS:
            ax.text(position, month.total, str(month.total), ha="center", va="bottom", fontsize=8)
    if not one.months:
        ax.text(0.5, 0.5, "No concern points recorded", transform=ax.transAxes, ha="center")
    ax.axhline(one.threshold, color="black", linestyle="--", linewidth=1.6)
    ax.set_ylim(0, max([one.threshold, *(month.total for month in one.months)]) * 1.18)
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.set_ylabel(f"Concern points,\n{_window(one.window_days)} to date")
    ax.set_title(one.child_name, loc="left", fontsize=12, fontweight="bold")
    ax.set_title(_reached(one), loc="right", fontsize=10)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)


def _month_ticks(ax: Axes, months: list[str]) -> None:
    """Month names (every third beyond two years), with the year under the first of each year."""
    ticks = list(range(0, len(months), 1 if len(months) <= 24 else 3))
    labels, year = [], ""
    for index in ticks:
        name = date.fromisoformat(f"{months[index]}-01").strftime("%b")
        labels.append(name if months[index][:4] == year else f"{name}\n{months[index][:4]}")
        year = months[index][:4]
    ax.set_xticks(ticks, labels, fontsize=9)


def _legend(figure: Figure, colours: dict[str, tuple[str, str]], threshold: int) -> None:
    handles: list[Artist] = [
        Patch(facecolor=colour, hatch=hatch, edgecolor="white", label=organisation)
        for organisation, (colour, hatch) in colours.items()
    ]
    handles.append(Line2D([], [], color="black", linestyle="--", label=f"Threshold ({threshold})"))
    figure.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=10, frameon=False)


def _nothing(figure: Figure, series: list[ConcernSeries]) -> None:
    ax = figure.subplots()
    ax.set_axis_off()
    names = ", ".join(one.child_name for one in series) or "no child in this case"
    ax.text(0.5, 0.5, f"No concern points recorded ({names})", ha="center", fontsize=12)


def _months(series: list[ConcernSeries]) -> list[str]:
    """Every month from the earliest first concern to the as-at month, as YYYY-MM."""
    first = min(one.months[0].month for one in series)
    last = max(one.months[-1].month for one in series)
    months, (year, month) = [], (int(first[:4]), int(first[5:]))
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _organisations(series: list[ConcernSeries]) -> list[str]:
    return list(dict.fromkeys(name for one in series for name in one.agencies))


def _styles() -> Iterator[tuple[str, str]]:
    for hatch in HATCHES:
        for colour in PALETTE:
            yield colour, hatch


def _reached(one: ConcernSeries) -> str:
    if one.threshold_reached_on is None:
        return f"together below the threshold of {one.threshold} throughout"
    return f"together first reached {one.threshold} on {_uk(one.threshold_reached_on)}"


def _window(days: int) -> str:
    return "12 months" if days == 365 else f"{days} days"


def _uk(day: date) -> str:
    return f"{day:%d/%m/%Y}"
