"""Runs the benchmarks and prints a summary table: `python -m benchmarks.run [options]`.

    --quick              smaller data and fewer repetitions (a smoke test, a few minutes)
    --only NAME[,NAME]   import, big_store, timeline, rules, web (default: all)
    --stores KIND[,KIND] sqlite, postgres (default: both)
    --seed N             generator seed (default 0)

Figures are printed as they are measured; the summary is also written as JSON (and the
Markdown table beside it) under `benchmarks/.data/results/`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from benchmarks import big_store, import_throughput, rules, timeline_read, web
from benchmarks.common import DATA_DIR, Result, machine, say, stopwatch, summary_table
from benchmarks.stores import KINDS

BENCHMARKS: dict[str, Callable[[list[str], bool, int], list[Result]]] = {
    "import": import_throughput.run,
    "big_store": big_store.run,
    "timeline": timeline_read.run,
    "rules": rules.run,
    "web": web.run,
}


def _names(text: str, allowed: tuple[str, ...] | list[str], what: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        raise SystemExit(
            f"unknown {what}: {', '.join(unknown) or text!r}; choose from {', '.join(allowed)}"
        )
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="benchmarks to run")
    parser.add_argument("--stores", default=",".join(KINDS), help="store kinds to run on")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    args = parser.parse_args(argv)
    names = _names(args.only, list(BENCHMARKS), "benchmark")
    kinds = _names(args.stores, KINDS, "store kind")

    about = machine()
    say(
        "chronology benchmarks"
        + (" (quick mode: smaller data, one repetition)" if args.quick else "")
    )
    for line in about.lines():
        say(f"  {line}")
    say()
    results: list[Result] = []
    with stopwatch() as elapsed:
        try:
            for name in names:
                results += BENCHMARKS[name](kinds, args.quick, args.seed)
                say()
        finally:
            big_store.discard_working_copies()
    table = summary_table(results)
    say(f"== summary ({elapsed():.0f} s in all) ==")
    for line in table:
        say(line)
    _save(results, table, about.__dict__, args)
    return 0


def _save(
    results: list[Result], table: list[str], about: dict[str, object], args: argparse.Namespace
) -> None:
    folder = DATA_DIR / "results"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + ("-quick" if args.quick else "")
    document = {
        "machine": about,
        "quick": args.quick,
        "seed": args.seed,
        "results": [r.as_dict() for r in results],
    }
    (folder / f"{stamp}.json").write_text(json.dumps(document, indent=2))
    (folder / f"{stamp}.md").write_text("\n".join(table) + "\n")
    say(f"(written to {folder / stamp}.json and .md)")


if __name__ == "__main__":
    sys.exit(main())
