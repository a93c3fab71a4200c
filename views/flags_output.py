"""Flags for the terminal: the RULES.md fields as JSON, or tables grouped by review status.

Each flag carries its review (open, reviewed, dismissed, with notes). The table lists the
flags still to look at first, most severe first, then the dismissed ones in a dimmed group
with their reasons, then any reviews whose flag no longer appears, so none is lost
silently. Every free text (titles, notes, reasons, names) is escaped: it is shown, never
interpreted as markup.
"""

from __future__ import annotations

from typing import Any

import orjson
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from chronology.dates import LONDON
from chronology.domain.flag_review import ReviewStatus
from chronology.flag_reviews import SHORT_ID, CaseReviews, FlagReviewState, ReviewAction
from chronology.rules.flag import Flag

STATUS_STYLE = {
    ReviewStatus.OPEN: "bold",
    ReviewStatus.REVIEWED: "green",
    ReviewStatus.DISMISSED: "dim",
}
GONE = (
    "Their evidence changed or was withdrawn (or, with --as-at, was not yet recorded);"
    " the reviews are kept."
)
ACTION_WORDS = {
    "note": "Note",
    "reviewed": "Reviewed",
    "dismissed": "Dismissed",
    "reopened": "Reopened",
}


def flag_documents(flags: list[Flag], reviews: CaseReviews | None = None) -> list[dict[str, Any]]:
    reviews = reviews or CaseReviews.none()
    documents = []
    for flag in flags:
        document = flag.model_dump(mode="json")
        window = document.pop("window")
        document["window"] = (
            None if window is None else {"from": window["from_date"], "to": window["to_date"]}
        )
        document["review"] = reviews.of(flag.id).document()
        documents.append(document)
    return documents


def as_json(flags: list[Flag], reviews: CaseReviews | None = None) -> str:
    return orjson.dumps(flag_documents(flags, reviews)).decode()


def flags_table(flags: list[Flag], title: str, reviews: CaseReviews | None = None) -> Group:
    """The flags to look at, a table per severity ("High (n)", "Medium (n)", "Low (n)"), then
    "Dismissed (n)", then reviews of flags no longer shown."""
    reviews = reviews or CaseReviews.none()
    shelved = {f.id for f in flags if reviews.of(f.id).status is ReviewStatus.DISMISSED}
    dismissed = [flag for flag in flags if flag.id in shelved]
    current = [flag for flag in flags if flag.id not in shelved]
    parts: list[RenderableType] = [Text(title, style="bold", justify="center")]
    for severity in ("high", "medium", "low"):
        group = [flag for flag in current if flag.severity == severity]
        if group:
            parts.append(_table(f"{severity.capitalize()} ({len(group)})", group, reviews))
    if dismissed:
        parts.append(_table(f"Dismissed ({len(dismissed)})", dismissed, reviews, style="dim"))
    gone = reviews.not_appearing(flags)
    if gone:
        title = f"Reviews of flags that no longer appear: {len(gone)}"
        parts.append(reviews_table(title, gone, caption=GONE))
    return Group(*parts)


def _table(title: str, flags: list[Flag], reviews: CaseReviews, style: str = "") -> Table:
    table = Table(title=escape(title), expand=True, show_lines=True, style=style)
    for column in ("Severity", "Flag", "Why", "Evidence"):
        table.add_column(column, overflow="fold")
    for flag in flags:
        review = reviews.of(flag.id)
        evidence = "\n".join(
            f"{escape(item.organisation)} {escape(item.record_ref)} ({escape(item.occurred[:10])})"
            for item in flag.evidence
        )
        table.add_row(
            f"{flag.severity.upper()}\n{_status(review)}",
            f"{escape(flag.title)}\n[dim]{escape(flag.rule)}\nid {flag.id[:SHORT_ID]}[/dim]",
            "\n".join([_why(flag), *_review_lines(review)]),
            evidence,
            style=style,
        )
    return table


def reviews_table(
    title: str, reviews: list[FlagReviewState], shown: set[str] | None = None, caption: str = ""
) -> Table:
    """Reviews by flag id; with `shown` (the ids of the flags now), whether each still appears."""
    table = Table(title=escape(title), caption=caption or None, expand=True, show_lines=True)
    for column in ("Status", "Flag id", "Review", *(["Appears"] if shown is not None else [])):
        table.add_column(column, overflow="fold")
    for review in reviews:
        appears = [] if shown is None else ["yes" if review.flag_id in shown else "no longer"]
        lines = "\n".join(_review_lines(review))
        table.add_row(_status(review), escape(review.flag_id), lines, *appears)
    return table


def _why(flag: Flag) -> str:
    return f"{escape(flag.explanation)}\n[dim]Learning: {escape(flag.learning)}[/dim]"


def _status(review: FlagReviewState) -> str:
    return f"[{STATUS_STYLE[review.status]}]{review.status.value}[/]"


def _review_lines(review: FlagReviewState) -> list[str]:
    """Every action, oldest first: who, when, and the note or reason."""
    return [_action_line(action) for action in review.history]


def _action_line(action: ReviewAction) -> str:
    when = action.at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
    line = f"[italic]{ACTION_WORDS.get(action.action, action.action)}[/italic]"
    line += f" by {escape(action.by)}, {when}"
    return line + (f": {escape(action.text)}" if action.text else "")
