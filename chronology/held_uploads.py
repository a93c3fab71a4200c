"""Uploads waiting for their uploader's confirmation, held in the store's own database.

Between the upload page's preview and its confirm the parsed extract must be kept somewhere
every server process can reach (the web app runs several). It holds personal data, so it is
sealed with AES-GCM under a key derived from the upload's random token, and the token is
held only by the uploader (their session and the confirm form), never stored: the database
alone cannot open it. Rows are found by a hash of the token, and the account by a hash of
its name. `ticket` turns a token into the row id and key.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder

from chronology.projections.sql import SqlBackend, postgres_create

TABLES = [
    "CREATE TABLE IF NOT EXISTS held_uploads (upload_id TEXT PRIMARY KEY,"
    " owner TEXT NOT NULL, held_ms {bigint} NOT NULL, rows {bigint} NOT NULL,"
    " sealed {blob} NOT NULL)",
    "CREATE INDEX IF NOT EXISTS held_uploads_age ON held_uploads (held_ms)",
]
NONCE_BYTES = 12


@dataclass(frozen=True)
class Ticket:
    """What a token opens: the row's id and the key its contents are sealed with."""

    upload_id: str
    key: bytes


def ticket(token: str) -> Ticket:
    upload_id = hashlib.sha256(b"held upload id:" + token.encode()).hexdigest()
    return Ticket(upload_id, hashlib.sha256(b"held upload key:" + token.encode()).digest())


def owner_of(account_key: str) -> str:
    return hashlib.sha256(b"held upload owner:" + account_key.encode()).hexdigest()


def seal(key: bytes, data: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, zlib.compress(data), None)


def unseal(key: bytes, sealed: bytes) -> bytes | None:
    """The data, or None if the key is not the one it was sealed with."""
    try:
        nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
        return zlib.decompress(AESGCM(key).decrypt(nonce, body, None))
    except (InvalidTag, zlib.error, ValueError):
        return None


class HeldUploads(SqlBackend):
    """The table of held uploads: put, take out, drop, and keep within bounds."""

    def put(self, upload_id: str, owner: str, held_ms: int, rows: int, sealed: bytes) -> None:
        """Holds a new upload, replacing the owner's earlier one."""
        with self.segment() as cursor:
            self.run(cursor, "DELETE FROM held_uploads WHERE owner = ?", [owner])
            self.run(
                cursor,
                "INSERT INTO held_uploads VALUES (?, ?, ?, ?, ?)",
                [upload_id, owner, held_ms, rows, sealed],
            )

    def take(self, upload_id: str, owner: str) -> bytes | None:
        """The sealed upload, deleted as it is read, so it can be confirmed only once."""
        with self.segment() as cursor:
            found = self.rows(
                cursor,
                "SELECT sealed FROM held_uploads WHERE upload_id = ? AND owner = ?",
                [upload_id, owner],
            )
            if not found:
                return None
            self.run(cursor, "DELETE FROM held_uploads WHERE upload_id = ?", [upload_id])
        return bytes(found[0]["sealed"])

    def drop(self, upload_id: str, owner: str) -> None:
        with self.segment() as cursor:
            self.run(
                cursor,
                "DELETE FROM held_uploads WHERE upload_id = ? AND owner = ?",
                [upload_id, owner],
            )

    def keep_within(self, oldest_ms: int, limit: int, row_limit: int) -> None:
        """Drops the expired, then the oldest while over either bound (always keeping one)."""
        with self.segment() as cursor:
            self.run(cursor, "DELETE FROM held_uploads WHERE held_ms <= ?", [oldest_ms])
            held = self.rows(
                cursor, "SELECT upload_id, rows FROM held_uploads ORDER BY held_ms DESC"
            )
            kept, rows = 0, 0
            for row in held:
                kept, rows = kept + 1, rows + int(row["rows"])
                if kept > 1 and (kept > limit or rows > row_limit):
                    self.run(
                        cursor, "DELETE FROM held_uploads WHERE upload_id = ?", [row["upload_id"]]
                    )

    def count(self, oldest_ms: int) -> int:
        with self.reading() as cursor:
            found = self.rows(
                cursor, "SELECT COUNT(*) AS n FROM held_uploads WHERE held_ms > ?", [oldest_ms]
            )
        return int(found[0]["n"])


class SQLiteHeldUploads(HeldUploads, SQLiteTrackingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *map(self.sql, TABLES)]


class PostgresHeldUploads(HeldUploads, PostgresTrackingRecorder):
    placeholder = "%s"
    blob_type = "BYTEA"
    bigint_type = "BIGINT"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.extend(postgres_create(TABLES, self))
