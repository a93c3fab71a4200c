"""Error answers that reveal nothing personal.

Pages get a plain HTML page with the status and a sentence of our own making; the API keeps
FastAPI's JSON `{"detail": ...}`. A failure nobody foresaw becomes a 500 that says only that
something went wrong, and the log gets the exception's type and where it was raised, never its
message or the request's values (either could carry a name or a record's text).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

log = logging.getLogger("chronology.web")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]
TITLES = {
    400: "The request could not be read",
    401: "Sign in first",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    422: "Something in the form needs correcting",
    500: "Something went wrong",
}
PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{title} – chronology</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;line-height:1.5}}
a{{color:#1d4f91}}</style></head>
<body><main><h1>{title}</h1><p>{message}</p>
<p><a href="/cases">Your cases</a> · <a href="/login">Sign in</a></p></main></body></html>"""


def install(app: FastAPI) -> None:
    """The handlers and the last-resort middleware, on `app`."""
    app.add_exception_handler(HTTPException, _http_problem)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_middleware(LastResort)


def wants_page(request: Request) -> bool:
    return not (request.url.path.startswith("/api") or request.url.path == "/health")


def error_page(status: int, message: str) -> HTMLResponse:
    title = TITLES.get(status, "Something went wrong")
    return HTMLResponse(
        PAGE.format(title=escape(title), message=escape(message)), status_code=status
    )


async def _http_problem(request: Request, problem: HTTPException) -> Response:
    if not wants_page(request):
        return await http_exception_handler(request, problem)
    location = (problem.headers or {}).get("Location")
    if problem.status_code in (301, 302, 303, 307) and location:
        return RedirectResponse(location, status_code=problem.status_code)
    message = (
        problem.detail if isinstance(problem.detail, str) else TITLES.get(problem.status_code, "")
    )
    if problem.status_code == 404 and message == "Not Found":
        message = "There is no page at this address."
    return error_page(problem.status_code, message)


async def _invalid_request(request: Request, problem: RequestValidationError) -> Response:
    if not wants_page(request):
        return await request_validation_exception_handler(request, problem)
    fields = sorted({str(error["loc"][-1]) for error in problem.errors() if error.get("loc")})
    return error_page(422, f"Check these fields and send the form again: {', '.join(fields)}.")


class LastResort:
    """Turns an unforeseen exception into a plain 500, logging only its type and place."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as problem:  # the point is to catch everything
            frame = traceback.extract_tb(problem.__traceback__)[-1]
            log.error(
                "%s raised at %s:%s in %s answering %s",
                type(problem).__name__,
                frame.filename,
                frame.lineno,
                frame.name,
                getattr(scope.get("route"), "path", "an unknown route"),
            )
            if started:
                return
            answer: Response = (
                JSONResponse({"detail": "something went wrong"}, status_code=500)
                if str(scope.get("path", "")).startswith("/api")
                else error_page(500, "Something went wrong. It has been logged; try again.")
            )
            await answer(scope, receive, send)
