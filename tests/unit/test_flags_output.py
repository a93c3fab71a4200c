"""The flags table with reviews: open first, dismissed apart, then reviews of vanished flags."""

from __future__ import annotations

from rich.console import Console

from chronology.flag_reviews import CaseReviews, fold
from chronology.rules.flag import Evidence, Flag
from views.flags_output import flag_documents, flags_table


def _flag(flag_id: str, title: str) -> Flag:
    return Flag(
        id=flag_id,
        rule="was-not-brought",
        rule_version=1,
        severity="medium",
        title=title,
        explanation="Finn was not brought to 2 health appointments.",
        children=("Finn Doyle",),
        agencies=("gp",),
        evidence=(
            Evidence(organisation="GP", record_ref="R1", occurred="2024-10-01", event_type="x"),
        ),
        learning="004 theme 3",
    )


def _action(action: str, text: str | None) -> dict[str, object]:
    return {"action": action, "text": text, "by": "Ann", "at": "2025-03-01T10:00:00Z"}


REVIEWS = CaseReviews(
    {
        "bbbbbbbb-2": fold("bbbbbbbb-2", [_action("dismissed", "Rebooked and attended")]),
        "cccccccc-3": fold("cccccccc-3", [_action("note", "Discussed at panel")]),
        "dddddddd-4": fold("dddddddd-4", [_action("reviewed", None)]),
    }
)
FLAGS = [_flag("aaaaaaaa-1", "Still to look at"), _flag("bbbbbbbb-2", "Dismissed one")]


def _render() -> str:
    console = Console(width=160, record=True)
    console.print(flags_table(FLAGS, "Case C: 2 flags", REVIEWS))
    return console.export_text()


def test_dismissed_flags_come_after_the_others_in_their_own_group_with_the_reason() -> None:
    text = _render()
    assert (
        text.index("Still to look at") < text.index("Dismissed (1)") < text.index("Dismissed one")
    )
    assert "Rebooked and attended" in text


def test_reviews_of_flags_that_no_longer_appear_are_listed_at_the_end() -> None:
    text = _render()
    heading = text.index("Reviews of flags that no longer appear: 2")
    assert heading > text.index("Dismissed one")
    assert "cccccccc-3" in text[heading:] and "Discussed at panel" in text[heading:]
    assert "dddddddd-4" in text[heading:]


def test_each_json_flag_carries_its_review() -> None:
    documents = flag_documents(FLAGS, REVIEWS)
    assert [doc["review"]["status"] for doc in documents] == ["open", "dismissed"]
    assert documents[1]["review"]["reason"] == "Rebooked and attended"


def test_the_table_groups_flags_by_severity_most_severe_first() -> None:
    low = FLAGS[0].model_copy(update={"id": "eeeeeeee-5", "severity": "low", "title": "Low one"})
    high = FLAGS[0].model_copy(update={"id": "ffffffff-6", "severity": "high", "title": "High one"})
    console = Console(record=True, width=160)
    console.print(flags_table([high, low], "Case C: 2 flags"))
    text = console.export_text()
    assert text.index("High (1)") < text.index("High one") < text.index("Low (1)")
    assert text.index("Low (1)") < text.index("Low one")
