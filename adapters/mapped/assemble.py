"""A record's merged rows into an entry, the record every adapter produces.

The entry's subjects are the people on its rows, their roles kept in `attributes.roles`;
its event type comes from its category words; a summary over 500 characters is cut, with
a warning, and kept whole as the detail when the detail is otherwise blank.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from adapters.mapped.categories import Categorised, categorise, line_to_add
from adapters.mapped.entries import CATEGORY, entry_attributes
from adapters.mapped.mapping import Mapping
from adapters.mapped.merging import Merged
from adapters.mapped.people import Involved
from chronology.problems import Problem, error, warning
from chronology.records import EntryRecord, RowRef
from chronology.vocabulary import ChildSeen, YesNo

SUMMARY_LIMIT = 500
ENTRY_FIELDS = (
    "occurred occurred_end recorded_on summary detail source child_voice outcome shared_on"
).split()


class EntryAssembler:
    """Builds one entry at a time from its merged rows, noting problems as it goes."""

    def __init__(
        self,
        mapping: Mapping,
        sheet: str,
        today: date,
        problems: list[Problem],
        shown: Callable[[str], str] = str,
    ) -> None:
        self.mapping, self.sheet, self.today, self.problems = mapping, sheet, today, problems
        self.shown = shown  # a column the mapping names, as the export's header spells it

    def entry(
        self, merged: Merged, involved: list[Involved], extra: dict[str, str]
    ) -> EntryRecord | None:
        """The entry, or None (with errors) if a required field is missing from every row."""
        categorised = categorise(merged.values.get(CATEGORY), self.mapping.event_type)
        subjects = tuple(dict.fromkeys(person.ref for person in involved))
        if not self._complete(merged, categorised, subjects) or categorised is None:
            return None
        if categorised.unknown is not None:
            self._unknown_word(merged, categorised.unknown)
        record = self._record(merged, categorised, subjects, involved, extra)
        self._future(merged, record)
        return record

    def _complete(
        self, merged: Merged, categorised: Categorised | None, subjects: tuple[str, ...]
    ) -> bool:
        missing = [name for name in ("occurred", "summary") if name not in merged.values]
        missing += [CATEGORY] if categorised is None else []
        missing += [] if subjects else ["subjects"]
        for name in missing:
            self._missing(merged, name)
        return not missing

    def _record(
        self,
        merged: Merged,
        categorised: Categorised,
        subjects: tuple[str, ...],
        involved: list[Involved],
        extra: dict[str, str],
    ) -> EntryRecord:
        values = merged.values
        fields = {name: values.get(name) for name in ENTRY_FIELDS}
        fields["summary"], fields["detail"] = self._summary(merged)
        return EntryRecord(
            origin=RowRef(sheet=self.sheet, row=merged.first_row),
            extra=extra,
            record_ref=merged.key,
            event_type=categorised.event_type,
            event_type_as_sent=categorised.as_sent,
            subjects=subjects,
            child_seen=_choice(ChildSeen, values.get("child_seen")),
            seen_alone=_choice(YesNo, values.get("seen_alone")),
            shared_with=values.get("shared_with", ()),
            attributes=entry_attributes(values, categorised.others, involved),
            **fields,
        )

    def _column(self, name: str) -> str:
        """Where a field's problem is placed: its column (a template's first)."""
        if name == CATEGORY:
            return self.shown(self.mapping.event_type.column or "event_type")
        found: Any = (
            self.mapping.people[0].person_ref
            if name == "subjects"
            else getattr(self.mapping.columns, name, None)
        )
        return self.shown(found.columns[0]) if found is not None and found.columns else name

    def _note(self, make: Any, message: str, row: int, column: str, **more: str) -> None:
        self.problems.append(make(message, sheet=self.sheet, row=row, column=column, **more))

    def _missing(self, merged: Merged, name: str) -> None:
        said = {
            "subjects": "names no one (its people were left out or blank)",
            CATEGORY: "has no category",
        }.get(name, f"has no {name}")
        self._note(
            error,
            f"record {merged.key[:60]} {said}",
            merged.first_row,
            self._column(name),
            expected=f"a {name} on a row of every record",
        )

    def _unknown_word(self, merged: Merged, word: str) -> None:
        self._note(
            warning,
            f"the category {word[:60]!r} is not in the mapping's event_type.words; kept as 'other'",
            merged.rows[CATEGORY],
            self._column(CATEGORY),
            value=word[:80],
            expected=line_to_add(word),
        )

    def _summary(self, merged: Merged) -> tuple[str, str | None]:
        summary, detail = str(merged.values["summary"]), merged.values.get("detail")
        if len(summary) <= SUMMARY_LIMIT:
            return summary, detail
        kept = "the whole text is kept as the detail" if detail is None else "the rest is not kept"
        self._note(
            warning,
            f"the summary is {len(summary):,} characters; cut to {SUMMARY_LIMIT} ({kept})",
            merged.rows["summary"],
            self._column("summary"),
            value=summary[:80],
            expected=f"at most {SUMMARY_LIMIT} characters",
        )
        return summary[: SUMMARY_LIMIT - 1].rstrip() + "…", detail or summary

    def _future(self, merged: Merged, record: EntryRecord) -> None:
        if record.occurred.start > self.today:
            self._note(
                warning,
                "the entry is dated in the future",
                merged.rows["occurred"],
                self._column("occurred"),
                value=record.occurred.uk(),
                expected="a date on or before today",
            )


def _choice(options: type[ChildSeen] | type[YesNo], value: Any) -> Any:
    return options(value) if value else None
