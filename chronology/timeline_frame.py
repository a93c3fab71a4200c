"""The merged timeline as a pandas DataFrame, for analysis and for the rules."""

from __future__ import annotations

from typing import Any

import pandas as pd

from chronology.vocabulary import event_group

COLUMNS = [
    "id",
    "occurred",
    "occurred_from",
    "precision",
    "uncertain",
    "recorded_on",
    "organisation",
    "agency",
    "area",
    "event_type",
    "event_group",
    "summary",
    "subjects",
    "shared_with",
    "status",
    "version",
    "record_ref",
    "detail",
    "attributes",
    "known_from",
    "invited",
    "attended",
    "child_seen",
    "seen_alone",
    "child_voice",
    "shared_on",
    "outcome",
]


def timeline_frame(entries: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per entry, in timeline order; `occurred_from` is the first day the date can mean."""
    rows = [
        {
            **{key: entry.get(key) for key in COLUMNS},
            "occurred_from": pd.Timestamp(entry["occurred_from"]),
            "event_group": str(event_group(entry["event_type"])),
            "subjects": [subject["id"] for subject in entry["subjects"]],
            "record_ref": entry["source"]["record_ref"],
        }
        for entry in entries
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
