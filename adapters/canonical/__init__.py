"""The canonical agency extract (EXTRACT-FORMAT.md version 1): workbook, CSV folder, zip or JSON."""

from adapters.canonical.reader import MetadataOverrides, Progress, read_canonical

__all__ = ["MetadataOverrides", "Progress", "read_canonical"]
