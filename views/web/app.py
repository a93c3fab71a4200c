"""The FastAPI application: one composition point for the routers and the error mapping.

Errors of the ChronologyError family are mapped to HTTP here, once, with messages that name
no person (case references and organisation names only).
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.sessions import SessionMiddleware

from chronology.errors import CaseNotFound, ChronologyError, OrganisationNotFound
from chronology.service import ChronologyService
from views.web import api, case_page, errors, export_pages, pages, review_pages, uploads
from views.web.answer_cache import Answer, Answers
from views.web.page_cache import KeptPage
from views.web.sessions import SESSION_SECONDS
from views.web.throttle import LoginThrottle

WARM_CASES = 20
REQUEST_THREADS = 8  # per worker process
log = logging.getLogger("chronology.web")

# The people's pages (session login, CSRF on forms); the every-page login test walks these.
PAGE_ROUTERS = (
    pages.router,
    uploads.router,
    case_page.router,
    review_pages.router,
    export_pages.router,
)


def create_app(
    service: ChronologyService,
    secret_key: str | None = None,
    session_seconds: int = SESSION_SECONDS,
    warm_up: bool = False,
    owns_service: bool = False,
) -> FastAPI:
    """The app over an open service (the caller opens and closes the store). Sessions are
    signed with `secret_key` ($CHRONOLOGY_SECRET_KEY; without one, a random key, so sessions
    end when the server restarts). `warm_up` works out the flags of up to 20 cases in
    the background once serving starts, so the first case page opened is as quick as the rest.
    With `owns_service` the app closes the service when it stops (a server worker's own)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Requests wait their turn for one of a few threads rather than all sharing the
        # interpreter lock at once: under 50 readers the slowest 1% answered in 307 ms with
        # anyio's 40 threads and in 188 ms with 8 (benchmarks/README.md, "Web load").
        to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        if warm_up:
            threading.Thread(target=_warm, args=(service,), daemon=True).start()
        yield
        if owns_service:
            service.close()

    app = FastAPI(
        title="chronology",
        summary="Multi-agency chronology for safeguarding reviews",
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.login_throttle = LoginThrottle(service.login_failures)
    app.state.timeline_answers = Answers[Answer]()
    app.state.case_pages = Answers[KeptPage]()
    key = secret_key or os.environ.get("CHRONOLOGY_SECRET_KEY") or secrets.token_urlsafe(32)
    app.add_middleware(
        SessionMiddleware,
        secret_key=key,
        max_age=session_seconds,
        same_site="strict",
        https_only=os.environ.get("CHRONOLOGY_HTTPS") == "1",
    )
    errors.install(app)
    app.include_router(api.router)
    for router in PAGE_ROUTERS:
        app.include_router(router)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(ChronologyError)
    def chronology_error(request: Request, problem: ChronologyError) -> JSONResponse:
        status = 404 if isinstance(problem, CaseNotFound | OrganisationNotFound) else 422
        return JSONResponse({"detail": str(problem)}, status_code=status)

    return app


def _warm(service: ChronologyService) -> None:
    """Evaluates the rules once for the last cases (filling the flags cache and loading the
    code paths), so no one waits on a cold server; a failure here only costs that speed."""
    try:
        for case in service.case_refs()[-WARM_CASES:]:
            service.flags(case)
    except Exception as problem:
        log.warning("warming up stopped: %s", type(problem).__name__)
