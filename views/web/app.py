"""The FastAPI application: one composition point for the routers and the error mapping.

Errors of the ChronologyError family are mapped to HTTP here, once, with messages that name
no person (case references and organisation names only).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from chronology.errors import CaseNotFound, ChronologyError, OrganisationNotFound
from chronology.service import ChronologyService
from views.web import api


def create_app(service: ChronologyService) -> FastAPI:
    """The app over an open service (the caller opens and closes the store)."""
    app = FastAPI(title="chronology", summary="Multi-agency chronology for safeguarding reviews")
    app.state.service = service
    app.include_router(api.router)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(ChronologyError)
    def chronology_error(request: Request, problem: ChronologyError) -> JSONResponse:
        status = 404 if isinstance(problem, CaseNotFound | OrganisationNotFound) else 422
        return JSONResponse({"detail": str(problem)}, status_code=status)

    return app
