"""`chronology template`: write the blank extract workbook an agency fills in and uploads.

The same workbook the upload page offers: the contract's sheets and columns, instructions,
and drop-down lists of the codes. It needs no store: it depends on the code alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from views.template_workbook import TEMPLATE_NAME, template_bytes

console = Console()
errors = Console(stderr=True)


def template(
    output: Annotated[
        Path, typer.Option("--output", help=f"Where to write the workbook, e.g. {TEMPLATE_NAME}")
    ],
) -> None:
    """Write the blank canonical extract (.xlsx) with instructions and drop-down lists."""
    if output.is_dir():
        raise _fail(f"--output: {output} is a folder; give a file name such as {TEMPLATE_NAME}")
    if not output.parent.is_dir():
        raise _fail(f"--output: the folder {output.parent} does not exist")
    if output.suffix.lower() != ".xlsx":
        raise _fail("--output: the file name must end in .xlsx")
    try:
        output.write_bytes(template_bytes())
    except OSError as problem:
        raise _fail(f"--output: cannot write {output}: {problem.strerror}") from None
    console.print(f"Wrote {output}", markup=False, highlight=False)


def _fail(message: str) -> typer.Exit:
    errors.print(f"[red]error:[/red] {escape(message)}", markup=True, highlight=False)
    return typer.Exit(2)
