"""Renders the README's screenshot: the demo case's merged timeline, as the terminal shows it.

Run after `make demo`: `.venv/bin/python scripts/readme_screenshot.py` writes docs/timeline.svg.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.console import Console

from chronology.bootstrap import open_service
from chronology.projections.timeline_query import TimelineQuery
from chronology.settings import Settings
from views.timeline_output import as_table

STORE = Path(".demo/chronology.sqlite")
OUTPUT = Path("docs/timeline.svg")


def main() -> None:
    service = open_service(Settings(store=STORE))
    try:
        query = TimelineQuery(date_from=date(2024, 9, 1), date_to=date(2024, 10, 10))
        entries = service.timeline("DEMO-001", query)
    finally:
        service.close()
    console = Console(record=True, width=150, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(as_table(entries, "DEMO-001: merged timeline, 01/09/2024 to 10/10/2024"))
    OUTPUT.write_text(console.export_svg(title="chronology timeline --case DEMO-001"))


if __name__ == "__main__":
    main()
