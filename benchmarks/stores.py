"""Where benchmark stores live: fresh SQLite files and PostgreSQL databases of the benchmarks' own.

SQLite stores are files under `benchmarks/.data/work/`. PostgreSQL stores are databases on the
test server started by `scripts/postgres.sh` (its URL from `CHRONOLOGY_TEST_DATABASE_URL`, as
`make bench` sets it, or from the script): `chronology_bench` for fresh stores (emptied before
each use) and `chronology_bench_big_*` for the cached big stores. The test databases
(`chronology_test*`) are never touched.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from benchmarks.common import ROOT, WORK_DIR
from chronology.settings import Settings

KINDS = ("sqlite", "postgres")
FRESH_DATABASE = "chronology_bench"


def postgres_base_url() -> str:
    """The test server's URL (started if need be)."""
    url = os.environ.get("CHRONOLOGY_TEST_DATABASE_URL")
    if url:
        return url
    script = str(ROOT / "scripts" / "postgres.sh")
    subprocess.run(["bash", script, "start"], check=True, capture_output=True)
    return subprocess.run(["bash", script, "url"], check=True, capture_output=True,
                          text=True).stdout.strip()


def database_url(name: str) -> str:
    return f"{postgres_base_url().rsplit('/', 1)[0]}/{name}"


def database_exists(name: str) -> bool:
    with psycopg.connect(postgres_base_url(), autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def create_database(name: str, template: str | None = None) -> None:
    """(Re)creates database `name`, empty or as a file-level copy of `template`."""
    with psycopg.connect(postgres_base_url(), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        if template is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        else:
            # FILE_COPY: one copy of the files, much faster than WAL_LOG for a big database.
            connection.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template)))


def drop_database(name: str) -> None:
    with psycopg.connect(postgres_base_url(), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


def empty_database(name: str) -> str:
    """Database `name` with nothing in it (created if missing); returns its URL."""
    if not database_exists(name):
        create_database(name)
    url = database_url(name)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    return url


@dataclass(frozen=True)
class FreshStore:
    """An empty store of one kind: a new SQLite file, or the emptied `chronology_bench` database."""

    kind: str
    path: Path | None = None
    url: str | None = None

    @property
    def settings(self) -> Settings:
        if self.kind == "postgres":
            return Settings(database_url=self.url)
        assert self.path is not None
        return Settings(store=self.path)

    def discard(self) -> None:
        """Deletes the SQLite file (a PostgreSQL database is emptied by the next `fresh_store`)."""
        if self.path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def fresh_store(kind: str, label: str = "store") -> FreshStore:
    if kind == "postgres":
        return FreshStore(kind, url=empty_database(FRESH_DATABASE))
    if kind != "sqlite":
        raise ValueError(f"unknown store kind {kind!r}")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    return FreshStore(kind, path=WORK_DIR / f"{label}-{uuid.uuid4().hex[:12]}.sqlite")
