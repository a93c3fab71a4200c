"""Settings, built by a function from the environment and passed in (never read at import time)."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urlparse

from pydantic import BaseModel, ConfigDict

from chronology.errors import StoreConfigurationError

DEFAULT_STORE = Path("chronology.sqlite")


class StoreKind(StrEnum):
    MEMORY = "memory"
    SQLITE = "sqlite"
    POSTGRES = "postgres"


class Settings(BaseModel):
    """Where events are stored and how they are protected."""

    model_config = ConfigDict(frozen=True)

    store: Path = DEFAULT_STORE
    database_url: str | None = None
    cipher_key: str | None = None
    in_memory: bool = False

    @property
    def kind(self) -> StoreKind:
        if self.in_memory:
            return StoreKind.MEMORY
        return StoreKind.POSTGRES if self.database_url else StoreKind.SQLITE

    def eventsourcing_env(self) -> dict[str, str]:
        """The `eventsourcing` settings for this store (explicit: no stray variable leaks in)."""
        env = {"CIPHER_KEY": "", "CIPHER_TOPIC": "", "COMPRESSOR_TOPIC": ""}
        if self.cipher_key:
            env.update(
                CIPHER_TOPIC="eventsourcing.cryptography:AESCipher",
                CIPHER_KEY=_checked_key(self.cipher_key),
            )
        if self.kind is StoreKind.MEMORY:
            env["PERSISTENCE_MODULE"] = "eventsourcing.popo"
        elif self.kind is StoreKind.SQLITE:
            env.update(
                PERSISTENCE_MODULE="eventsourcing.sqlite",
                SQLITE_DBNAME=str(self.store),
                SQLITE_LOCK_TIMEOUT="120",
            )
        else:
            env.update(_postgres_env(self.database_url or ""))
        return env


def settings_from_env(
    environ: Mapping[str, str] | None = None, store: Path | None = None
) -> Settings:
    """Settings from `CHRONOLOGY_STORE`, `CHRONOLOGY_DATABASE_URL` and `CHRONOLOGY_CIPHER_KEY`."""
    environ = os.environ if environ is None else environ
    return Settings(
        store=store or Path(environ.get("CHRONOLOGY_STORE") or DEFAULT_STORE),
        database_url=environ.get("CHRONOLOGY_DATABASE_URL") or None,
        cipher_key=environ.get("CHRONOLOGY_CIPHER_KEY") or None,
    )


def _checked_key(key: str) -> str:
    try:
        raw = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) not in (16, 24, 32):
        raise StoreConfigurationError(
            "CHRONOLOGY_CIPHER_KEY is not a base64 AES key of 16, 24 or 32 bytes; make one with:"
            ' python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"'
        )
    return key


def _postgres_env(url: str) -> dict[str, str]:
    parsed = urlparse(url)
    if (
        parsed.scheme not in ("postgresql", "postgres")
        or not parsed.hostname
        or not parsed.path[1:]
    ):
        raise StoreConfigurationError(
            "CHRONOLOGY_DATABASE_URL must look like postgresql://user:password@host:5432/database"
        )
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(parsed.path[1:]),
        "POSTGRES_HOST": parsed.hostname,
        "POSTGRES_PORT": str(parsed.port or 5432),
        "POSTGRES_USER": unquote(parsed.username or ""),
        "POSTGRES_PASSWORD": unquote(parsed.password or ""),
        # One import is one transaction; the database function avoids the large-batch
        # pipeline hang the research notes describe for big saves.
        "POSTGRES_ENABLE_DB_FUNCTIONS": "y",
        "POSTGRES_LOCK_TIMEOUT": "120",
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "600",
    }
