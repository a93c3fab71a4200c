"""Person matching speed: one case of about 200 person mentions from 10 organisations (< 1 s).

The mentions come from the synthetic generator, read back through the real adapter, then
resolved (identifier pass, splink model, clustering) as `ChronologyService.people` does.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from adapters.canonical import read_canonical
from chronology.domain import ids
from chronology.people.normalise import MatchRow, match_row
from chronology.people.resolve import resolve
from fixtures.generator import make_case, write_case


def case_rows(n_people: int = 70, n_orgs: int = 10, seed: int = 0) -> list[MatchRow]:
    case = make_case(index=0, seed=seed, n_people=n_people, n_orgs=n_orgs, n_entries=300)
    rows: list[MatchRow] = []
    with tempfile.TemporaryDirectory() as folder:
        for extract in write_case(case, Path(folder)):
            parsed = read_canonical(extract)
            assert parsed.metadata is not None
            organisation = parsed.metadata.organisation
            for person in parsed.people:
                mention = str(
                    ids.mention_id(ids.case_id(case.case_ref), organisation, person.person_ref)
                )
                rows.append(
                    match_row(
                        mention,
                        organisation,
                        str(parsed.metadata.agency),
                        person.model_dump(mode="json"),
                    )
                )
    return rows


def main(repeats: int = 7) -> None:
    rows = case_rows()
    resolve(rows, {})  # warm: imports and the first DuckDB connection
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        resolve(rows, {})
        timings.append(time.perf_counter() - started)
    organisations = len({row.organisation for row in rows})
    print(
        f"person matching: {len(rows)} mentions from {organisations} organisations:"
        f" median {statistics.median(timings):.3f} s over {repeats} runs"
        f" (min {min(timings):.3f}, max {max(timings):.3f}); target < 1 s"
    )


if __name__ == "__main__":
    main()
