"""Deterministic ids from natural keys: importing the same row twice finds the same aggregate.

Ids are stored in plain text even when events are encrypted; they are uuid5 hashes, so no
name or reference can be read back from them.
"""

from __future__ import annotations

from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5

NAMESPACE = uuid5(NAMESPACE_URL, "https://chronology.invalid/ids/v1")


@lru_cache(maxsize=4096)
def organisation_key(organisation: str) -> str:
    """Organisation names compare without regard to case or spacing."""
    return " ".join(organisation.casefold().split())


def case_id(case_ref: str) -> UUID:
    return uuid5(NAMESPACE, f"case:{case_ref.strip()}")


def extract_id(case: UUID, organisation: str, file_sha256: str) -> UUID:
    return uuid5(NAMESPACE, f"extract:{case}:{organisation_key(organisation)}:{file_sha256}")


def contribution_id(case: UUID, organisation: str) -> UUID:
    return uuid5(NAMESPACE, f"contribution:{case}:{organisation_key(organisation)}")


def entry_id(case: UUID, organisation: str, record_ref: str) -> UUID:
    return uuid5(NAMESPACE, f"entry:{case}:{organisation_key(organisation)}:{record_ref}")


@lru_cache(maxsize=65536)  # subjects repeat on every entry
def mention_id(case: UUID, organisation: str, person_ref: str) -> UUID:
    return uuid5(NAMESPACE, f"mention:{case}:{organisation_key(organisation)}:{person_ref}")


def relationship_id(case: UUID, organisation: str, key: str) -> UUID:
    return uuid5(NAMESPACE, f"relationship:{case}:{organisation_key(organisation)}:{key}")
