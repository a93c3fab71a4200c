"""Running the web app: one process, or several worker processes over the same store.

Python runs one thread at a time per process, so one process answers on one core however
many readers wait. With `workers` above one, uvicorn starts that many processes on one
socket; each opens the store from the environment (`app_from_environment`). What they must
share is shared outside them: sessions are signed with one `CHRONOLOGY_SECRET_KEY` (made up
for this run if none is set, so sessions then end when the server stops), and previewed
uploads wait in the store's database (`chronology/held_uploads.py`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from chronology.bootstrap import open_service
from chronology.settings import settings_from_env
from views.web.app import create_app

MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """$CHRONOLOGY_WORKERS, else one per core up to four."""
    given = os.environ.get("CHRONOLOGY_WORKERS", "").strip()
    if given:
        if not given.isdigit() or int(given) < 1:
            raise ValueError("CHRONOLOGY_WORKERS must be a whole number of processes, 1 or more")
        return int(given)
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def serve(host: str, port: int, store: Path | None, workers: int) -> None:
    """Serves until stopped; `store` (else the environment's) is opened by each worker."""
    if store is not None:
        os.environ["CHRONOLOGY_STORE"] = str(store.resolve())
    if not os.environ.get("CHRONOLOGY_SECRET_KEY"):
        os.environ["CHRONOLOGY_SECRET_KEY"] = secrets.token_urlsafe(32)
    uvicorn.run(
        "views.web.serving:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


def app_from_environment() -> FastAPI:
    """One worker's app: the store and secret key from the environment, warmed up; the
    store closes when the worker stops."""
    return create_app(open_service(settings_from_env()), warm_up=True, owns_service=True)
