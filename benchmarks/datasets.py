"""Synthetic extracts for the benchmarks, generated once by `fixtures.generator` and cached.

Everything is keyed by generator seed and size under `benchmarks/.data/extracts/`; a folder
counts as cached only once a `.complete` marker has been written after generation, so an
interrupted run regenerates it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import DATA_DIR, clear_dir, say, stopwatch
from fixtures.generator import make_case, write_case, write_single_extract, write_store_extracts

EXTRACTS_DIR = DATA_DIR / "extracts"
MARKER = ".complete"
# The big store holds one case of exactly this many entries, for the timeline read benchmark.
TIMELINE_CASE_ENTRIES = 5000
# Its case index: far beyond the few hundred cases `write_store_extracts` numbers from 0.
TIMELINE_CASE_INDEX = 90000


def single_extract(n_entries: int, seed: int = 0) -> Path:
    """One organisation's canonical CSV extract folder with exactly `n_entries` entries."""
    root = EXTRACTS_DIR / f"single-s{seed}-n{n_entries}"
    if not (root / MARKER).exists():
        clear_dir(root)
        with stopwatch() as elapsed:
            write_single_extract(n_entries, root, seed=seed)
        (root / MARKER).write_text("")
        say(f"  generated a {n_entries:,}-entry extract in {elapsed():.1f} s")
    return _only_folder(root)


def _only_folder(root: Path) -> Path:
    folders = sorted(p.parent for p in root.glob("*/*/events.csv"))
    if len(folders) != 1:
        raise RuntimeError(f"expected one extract folder under {root}, found {len(folders)}")
    return folders[0]


def event_rows(folder: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of an extract's `events.csv`, parsed with the csv module."""
    with (folder / "events.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


@dataclass(frozen=True)
class StoreExtracts:
    """The folders that together make a store of `total` entries, one case among them of
    `TIMELINE_CASE_ENTRIES` entries."""

    total: int
    seed: int
    folders: list[Path]
    timeline_case: str

    @staticmethod
    def case_ref_of(folder: Path) -> str:
        return folder.parent.name


def store_extracts(total: int, seed: int = 0) -> StoreExtracts:
    """Cases 0, 1, ... of `seed` for `total - 5,000` entries, plus a 5,000-entry case."""
    root = EXTRACTS_DIR / f"store-s{seed}-n{total}"
    timeline_case = make_case(TIMELINE_CASE_INDEX, seed, n_entries=TIMELINE_CASE_ENTRIES)
    if not (root / MARKER).exists():
        clear_dir(root)
        say(f"  generating extracts for a {total:,}-entry store (seed {seed}) ...")
        with stopwatch() as elapsed:
            write_store_extracts(total - TIMELINE_CASE_ENTRIES, root, seed=seed)
            write_case(timeline_case, root)
        (root / MARKER).write_text("")
        say(f"  generated in {elapsed():.1f} s")
    folders = sorted(p.parent for p in root.glob("*/*/events.csv"))
    return StoreExtracts(total, seed, folders, timeline_case.case_ref)
