"""The mapped-spreadsheet format: an agency's own CSV or workbook export, read through a mapping.

`read(path, ..., mapping=FILE)` reads the export; the mapping file (docs/mapping-format.md)
says which column is which field. A mapped file cannot be recognised by sniffing it: any
spreadsheet could be one, so it is known only by the mapping given with it.
"""

from __future__ import annotations

from pathlib import Path

from adapters.mapped.mapping import Mapping, load_mapping
from adapters.mapped.reader import read

FORMAT = "mapped"


def recognises(path: Path) -> bool:
    """Never: a mapped export is known only by the mapping given with it."""
    return False


__all__ = ["FORMAT", "Mapping", "load_mapping", "read", "recognises"]
