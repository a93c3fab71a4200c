"""Shared helpers: the machine, timing statistics, peak memory, child processes and result rows.

Every figure is printed as soon as it is measured, and kept as a `Result` for the final summary
table. The machine is shared and noisy, so benchmarks report medians (or percentiles) and a
ratio against a baseline measured in the same run, next to the absolute figure.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / ".data"
WORK_DIR = DATA_DIR / "work"

T = TypeVar("T")


def say(text: str = "") -> None:
    """Prints a line at once (runs are long; the output is the progress report)."""
    print(text, flush=True)


@dataclass(frozen=True)
class Machine:
    """What the figures were measured on."""

    cpus: int
    cpu_model: str
    memory_gib: float
    python: str
    system: str
    date: str

    def lines(self) -> list[str]:
        return [
            f"date (UTC): {self.date}",
            f"CPU: {self.cpu_model}, {self.cpus} logical CPUs (nproc)",
            f"memory: {self.memory_gib:.1f} GiB",
            f"python: {self.python}",
            f"system: {self.system}",
            "note: the machine is shared and noisy; read the ratios against the same-run"
            " baselines, not only the absolute figures",
        ]


def machine() -> Machine:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return Machine(
        cpus=len(os.sched_getaffinity(0)),
        cpu_model=model,
        memory_gib=_meminfo_kib("MemTotal") / 1024**2,
        python=f"{platform.python_implementation()} {sys.version.split()[0]}",
        system=platform.platform(),
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
    )


def _meminfo_kib(key: str) -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile: the smallest value with at least q% of values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """`with stopwatch() as elapsed:` ... `elapsed()` is the seconds since the block began."""
    began = time.perf_counter()
    ended: list[float] = []

    def elapsed() -> float:
        return (ended[0] if ended else time.perf_counter()) - began

    try:
        yield elapsed
    finally:
        ended.append(time.perf_counter())


def in_child(function: Callable[..., T], *args: Any) -> T:
    """Runs `function(*args)` in a fresh interpreter (spawned, not forked) and returns its result.

    A spawned child starts from nothing, so its peak memory is the work's own (plus the
    interpreter and imports), and no cache or warm state carries over from earlier runs.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


@dataclass
class Result:
    """One line of the summary table."""

    benchmark: str
    store: str
    measure: str
    value: float
    unit: str
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    verdict: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def verdict(ok: bool) -> str:
    return "pass" if ok else "MISS"


def fmt(value: float, unit: str) -> str:
    if unit in ("entries/s", "rows/s", "events/s"):
        return f"{value:,.0f} {unit}"
    if unit == "ms":
        return f"{value:,.1f} ms"
    if unit == "s":
        return f"{value:,.2f} s"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    return f"{value:,.3g} {unit}"


def summary_table(results: Iterable[Result]) -> list[str]:
    """The results as a Markdown table (printed at the end and pasted into the README)."""
    lines = [
        "| benchmark | store | measure | value | baseline (same run) | ratio | target | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else ""
        lines.append(f"| {r.benchmark} | {r.store} | {r.measure} | {fmt(r.value, r.unit)} |"
                     f" {r.baseline} | {ratio} | {r.target} | {r.verdict} |")
    return lines


def trimmed_profile(report: str) -> str:
    """The function rows of a pstats report (its header lines dropped)."""
    lines = report.strip().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(lines[start:])


def clear_dir(path: Path) -> None:
    """Removes a directory tree if present."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)
