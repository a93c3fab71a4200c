"""The probabilistic person-matching model: splink 5 (DuckDB), with weights set by reasoning.

The model is not trained on a case (a case is far too small to learn from). Each comparison
level has an m probability (how often the same person's two records look like this) and a
u probability (how often two different people's records in one family case do), set from
the reasoning in the comments and checked against the synthetic labelled set. Within a case
most people share a surname and an address, so those carry little weight; a date of birth
or given name carries most. Version the model when any figure changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator

MODEL_VERSION = "person-match-3"
# Within one case, about one pair of mentions in ten is the same person (a family of
# 8-10 people, each known to 2-4 agencies: the demo case has 130 such pairs in 1,176).
PRIOR = 0.1


@dataclass(frozen=True)
class Level:
    sql: str | None  # None: the else level
    label: str
    m: float
    u: float


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    levels: tuple[Level, ...]  # most to least alike, the else level last


NAMES_SWAPPED = (
    "list_has_any(first_names_l, surnames_r) AND list_has_any(surnames_l, first_names_r)"
)
PLACEHOLDER = (
    "substr(dob_l,1,4)=substr(dob_r,1,4)"
    " AND (substr(dob_l,6,5)='01-01' OR substr(dob_r,6,5)='01-01')"
)
YEAR_SLIP = "substr(dob_l,6,5)=substr(dob_r,6,5) AND abs(year(dob_l::DATE)-year(dob_r::DATE))=1"
SWAPPED = (
    "substr(dob_l,1,4)=substr(dob_r,1,4) AND substr(dob_l,6,2)=substr(dob_r,9,2)"
    " AND substr(dob_l,9,2)=substr(dob_r,6,2)"
)
FIELDS = (
    Field(
        "first_name",
        "given name",
        (
            # Nicknames, middle names and known-as names are alternatives, so the same person
            # nearly always shares one; two people in a family rarely do (a father and son might).
            Level(
                "list_has_any(first_names_l, first_names_r)", "same (or a known form)", 0.88, 0.02
            ),
            # Given and family names entered the wrong way round: rare for two different people.
            Level(NAMES_SWAPPED, "swapped with the surname", 0.006, 0.0001),
            Level(
                "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.9",
                "similar (typo?)",
                0.07,
                0.01,
            ),
            Level(None, "different", 0.044, 0.9699),
        ),
    ),
    Field(
        "surname",
        "surname",
        (
            # Most people in a case share a surname, so a match says little; maiden names and
            # double-barrelled parts are alternatives.
            Level(
                "list_has_any(surnames_l, surnames_r)",
                "same (or a maiden / known-as name)",
                0.9,
                0.5,
            ),
            Level(NAMES_SWAPPED, "swapped with the given name", 0.006, 0.0001),
            Level(
                "jaro_winkler_similarity(surname_l, surname_r) >= 0.9",
                "similar (typo?)",
                0.05,
                0.05,
            ),
            Level(None, "different", 0.044, 0.4499),
        ),
    ),
    Field(
        "dob",
        "date of birth",
        (
            # Two different people in a family almost never share a date of birth (twins are
            # kept apart by their NHS numbers); keying errors swap day and month or slip a digit,
            # systems without the day put in 1 January, and a wrong year is a common slip.
            Level("dob_l = dob_r", "same", 0.9, 0.01),
            Level(SWAPPED, "day and month swapped", 0.03, 0.0005),
            Level("damerau_levenshtein(dob_l, dob_r) <= 1", "one digit different", 0.04, 0.003),
            Level(PLACEHOLDER, "same year; one is a 1 January placeholder", 0.015, 0.004),
            Level(YEAR_SLIP, "same day and month, a year apart", 0.01, 0.002),
            Level(None, "different", 0.005, 0.9805),
        ),
    ),
    Field(
        "sex",
        "sex",
        (
            Level("sex_l = sex_r", "same", 0.98, 0.5),
            Level(None, "different", 0.02, 0.5),
        ),
    ),
    Field(
        "address",
        "address",
        (
            # Household members share it, so it is weak evidence, like the postcode it repeats.
            Level("address_l = address_r", "same house and street", 0.6, 0.35),
            Level(None, "different", 0.4, 0.65),
        ),
    ),
    Field(
        "postcode",
        "postcode",
        (
            # Families share an address and move together; a match is weak evidence either way.
            Level("postcode_l = postcode_r", "same", 0.7, 0.4),
            Level(None, "different", 0.3, 0.6),
        ),
    ),
)


def _comparison(field: Field) -> Any:
    levels: list[Any] = [cll.NullLevel(field.name)]
    for level in field.levels:
        base = cll.ElseLevel() if level.sql is None else cll.CustomLevel(level.sql)
        levels.append(
            base.configure(
                m_probability=level.m, u_probability=level.u, label_for_charts=level.label
            )
        )
    return cl.CustomComparison(output_column_name=field.name, comparison_levels=levels)


def settings(within: str | None = None) -> SettingsCreator:
    """The model; with `within`, only rows sharing that column's value (a case) are compared."""
    rule = "1=1" if within is None else f"l.{within} = r.{within}"
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=PRIOR,
        comparisons=[_comparison(field) for field in FIELDS],
        # A case is small: compare every pair.
        blocking_rules_to_generate_predictions=[{"blocking_rule": rule}],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
    )


@dataclass(frozen=True)
class FieldEvidence:
    """How one field compared for a pair, in words and in bits of evidence."""

    field: str
    level: str
    weight: float
    left: str | None
    right: str | None

    def describe(self) -> str:
        if self.level == "not recorded":
            return f"{self.field}: not recorded by both"
        values = f" ({self.left} vs {self.right})" if self.left != self.right else ""
        return f"{self.field}: {self.level}{values} {self.weight:+.1f}"


@dataclass(frozen=True)
class PairScore:
    left: str
    right: str
    probability: float
    weight: float
    evidence: tuple[FieldEvidence, ...]


def score_pairs(
    rows: list[dict[str, Any]], floor: float = 0.0, within: str | None = None
) -> list[PairScore]:
    """The pairs of rows the model scores at `floor` or above (none for fewer than two rows).

    With `within` (a column, e.g. the case), only pairs sharing it are compared: one run of
    the model can then score every case of a whole authority at once.
    """
    if len(rows) < 2:
        return []
    database = DuckDBAPI(connection=duckdb.connect())
    linker = Linker(database.register(rows), settings(within), log_level=logging.WARNING)
    predictions = linker.inference.predict(threshold_match_probability=floor or None)
    return [_pair(row) for row in predictions.as_record_list()]


def _pair(row: dict[str, Any]) -> PairScore:
    evidence = tuple(_evidence(field, row) for field in FIELDS)
    return PairScore(
        str(row["unique_id_l"]),
        str(row["unique_id_r"]),
        float(row["match_probability"]),
        float(row["match_weight"]),
        evidence,
    )


def _evidence(field: Field, row: dict[str, Any]) -> FieldEvidence:
    gamma = int(row[f"gamma_{field.name}"])
    label = "not recorded" if gamma < 0 else field.levels[len(field.levels) - 1 - gamma].label
    return FieldEvidence(
        field.title,
        label,
        float(row[f"mw_{field.name}"]),
        _shown(row.get(f"{field.name}_l")),
        _shown(row.get(f"{field.name}_r")),
    )


def _shown(value: Any) -> str | None:
    return None if value is None else str(value)
