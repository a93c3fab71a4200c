"""Where an API token leads: the account it was issued to, found from the token's hash alone.

A bearer token arrives without a user name, so each token has an aggregate of its own keyed
by a uuid5 of its SHA-256 hash: authenticating is one read by id, the same on every store,
with no read model to wait for. The id is a hash of a hash of 256 random bits, so nothing
can be learnt from it. The account also records the hash, and a token counts only while
the account still holds it (so revoking later is one event on the account).
"""

from __future__ import annotations

from uuid import UUID, uuid5

from chronology.domain.base import Aggregate
from chronology.domain.ids import NAMESPACE


class ApiToken(Aggregate):
    """One issued token: the account it belongs to."""

    class Issued(Aggregate.Created):
        account_id: UUID

    def __init__(self, account_id: UUID) -> None:
        self.account_id = account_id

    @staticmethod
    def id_for(token_hash: str) -> UUID:
        return uuid5(NAMESPACE, f"api-token:{token_hash}")

    @classmethod
    def issue(cls, token_hash: str, account_id: UUID) -> ApiToken:
        return cls._create(cls.Issued, id=cls.id_for(token_hash), account_id=account_id)
