"""Bulk work without the cyclic garbage collector, which otherwise rescans every live record.

Importing 100,000 rows creates millions of long-lived objects; with the collector running,
its repeated full scans cost more than the import itself. Nothing in an import makes
reference cycles that need it, and it is switched back on (and run) afterwards. Evaluating
the rules over a big case (thousands of flags) is paused the same way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
