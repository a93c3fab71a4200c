"""The FastAPI application: one composition point for the routers and the error mapping.

Errors of the ChronologyError family are mapped to HTTP here, once, with messages that name
no person (case references and organisation names only).
"""

from __future__ import annotations

import os
import secrets

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.sessions import SessionMiddleware

from chronology.errors import CaseNotFound, ChronologyError, OrganisationNotFound
from chronology.service import ChronologyService
from views.web import api, case_page, errors, pages, review_pages, uploads
from views.web.sessions import SESSION_SECONDS
from views.web.throttle import LoginThrottle

# The people's pages (session login, CSRF on forms); the every-page login test walks these.
PAGE_ROUTERS = (pages.router, uploads.router, case_page.router, review_pages.router)


def create_app(
    service: ChronologyService,
    secret_key: str | None = None,
    session_seconds: int = SESSION_SECONDS,
) -> FastAPI:
    """The app over an open service (the caller opens and closes the store). Sessions are
    signed with `secret_key` ($CHRONOLOGY_SECRET_KEY; without one, a random key, so sessions
    end when the server restarts)."""
    app = FastAPI(title="chronology", summary="Multi-agency chronology for safeguarding reviews")
    app.state.service = service
    app.state.login_throttle = LoginThrottle()
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
