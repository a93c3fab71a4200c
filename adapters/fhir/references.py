"""Following FHIR references inside a bundle: "Patient/<id>", a fullUrl, or an absolute URL.

A reference to a resource the bundle does not hold can still name it ("Patient/123"), so
`named_key` gives that name for the caller to keep, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from adapters.fhir.resources import URN_PREFIXES, Resource

_LITERAL = re.compile(r"(?:^|/)([A-Z][A-Za-z]{1,60})/([A-Za-z0-9\-.]{1,64})(?:/_history/[^/]*)?$")


def _text(reference: Any) -> str:
    """The literal text of a Reference element ('' when it has none)."""
    value = getattr(reference, "reference", None)
    return value.strip() if isinstance(value, str) else ""


def named_kind_and_key(reference: Any) -> tuple[str | None, str]:
    """The (resource kind, key) a reference names; kind None for a urn:uuid reference."""
    text = _text(reference)
    literal = _LITERAL.search(text)
    if literal:
        return literal.group(1), literal.group(2)
    for prefix in URN_PREFIXES:
        if text.startswith(prefix):
            return None, text.removeprefix(prefix)[:200]
    return None, ""


class References:
    """Resolves references to the bundle's resources."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self._found: dict[str, Resource] = {}
        for resource in resources:
            if resource.entry.full_url:
                self._found.setdefault(resource.entry.full_url.strip(), resource)
            if resource.key:
                self._found.setdefault(resource.record_ref, resource)

    def find(self, reference: Any, kinds: Iterable[str] = ()) -> Resource | None:
        """The resource referred to, if the bundle holds it (and it is of one of the kinds)."""
        text = _text(reference)
        found = self._found.get(text)
        if found is None:
            literal = _LITERAL.search(text)
            found = self._found.get(f"{literal.group(1)}/{literal.group(2)}") if literal else None
        wanted = tuple(kinds)
        return found if found is not None and (not wanted or found.kind in wanted) else None

    def display(self, reference: Any) -> str:
        """The display text the reference carries, if any."""
        value = getattr(reference, "display", None)
        return value.strip() if isinstance(value, str) else ""
