"""The pages people use (server-rendered, no JavaScript): sign in, sign out, their cases, and
a case's access log for admins."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from chronology.dates import LONDON
from chronology.domain.access import Via
from chronology.domain.account import Role
from views.web.access import NOT_FOUND, ServiceDep
from views.web.sessions import PageAccount, check_csrf, csrf_token, sign_in
from views.web.throttle import LoginThrottle

TEMPLATES = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True)
)
router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> Response:
    """The address `make demo` prints: the caller's cases, or the login page without a session."""
    return RedirectResponse("/cases", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return _login(request)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    service: ServiceDep,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    csrf: Annotated[str, Form(max_length=100)],
) -> Response:
    check_csrf(request, csrf)
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    wait = throttle.wait_seconds(name, address)
    if wait:
        minutes = (wait + 59) // 60
        unit = "minute" if minutes == 1 else "minutes"
        problem = f"Too many attempts to sign in. Try again in {minutes} {unit}."
        return _login(request, problem, 429)
    account = service.accounts.authenticate_password(name, password)
    if account is None:
        throttle.failed(name, address)
        return _login(request, "That name and password were not recognised.", 401)
    throttle.succeeded(name)
    sign_in(request, account)
    return RedirectResponse("/cases", status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=100)]) -> Response:
    check_csrf(request, csrf)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/cases", response_class=HTMLResponse)
def cases(request: Request, service: ServiceDep, account: PageAccount) -> Response:
    refs = [ref for ref in service.case_refs() if service.accounts.may_read_case(account, ref)]
    context = {"account": account, "cases": refs, "csrf": csrf_token(request)}
    return TEMPLATES.TemplateResponse(request, "cases.html", context)


@router.get("/cases/{case}/access", response_class=HTMLResponse)
def access_log(request: Request, case: str, service: ServiceDep, account: PageAccount) -> Response:
    """Who read the case, when and how: for admins."""
    if not service.accounts.may_read_case(account, case):
        raise HTTPException(404, NOT_FOUND)
    if account.role is not Role.ADMIN:
        raise HTTPException(403, "only an administrator sees the access log")
    case = case.strip()
    service.accounts.record_access(account, case, "access log", Via.PAGE)
    reads = [
        (f"{read.at.astimezone(LONDON):%d/%m/%Y %H:%M:%S}", read.account, read.what, read.via)
        for read in reversed(service.accounts.access_log(case))
    ]
    context = {"account": account, "case": case, "reads": reads, "csrf": csrf_token(request)}
    return TEMPLATES.TemplateResponse(request, "access.html", context)


def _login(request: Request, problem: str | None = None, status: int = 200) -> Response:
    context = {"csrf": csrf_token(request), "problem": problem}
    return TEMPLATES.TemplateResponse(request, "login.html", context, status_code=status)
