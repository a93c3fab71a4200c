"""Load for the web benchmark: a real server process, and many users reading from it at once.

The server is `python -m views.cli serve` (what `chronology serve` runs: uvicorn, one worker
process per core)
on a free port, over a store of either kind. The users are asyncio tasks in this process, each
with its own keep-alive connection (`lean_http`, which counts bodies as they arrive: httpx
cost a third of the two cores the server needs) and credentials; the CPU time of both sides
is measured, so a run shows whether the client or the server was the limit. A `Target` is a
path with headers and cookies: the API with a bearer token, a page with a session cookie.
"""

from __future__ import annotations

import asyncio
import html
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks.common import ROOT, WORK_DIR, percentile
from benchmarks.lean_http import LeanConnection
from benchmarks.stores import FreshStore

TIMEOUT_S = 30.0  # no answer within this counts as an error
KEEP_ALIVE_S = 4.0  # under uvicorn's keep-alive timeout (5 s)
SERVER_LOG = WORK_DIR / "web-server.log"


@dataclass(frozen=True)
class Target:
    """What one user reads again and again: a path, with the credentials it needs."""

    label: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    def lean_headers(self) -> dict[str, str]:
        """The headers for the lean client, the cookies among them."""
        cookies = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return self.headers | ({"Cookie": cookies} if cookies else {})

    def client(self, base: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=base,
            headers=self.headers,
            cookies=self.cookies,
            timeout=TIMEOUT_S,
            # Let go of an idle connection before uvicorn closes it (after 5 s), or a read
            # sent as the server closes fails (ReadError): a race of keep-alive, not an error.
            limits=httpx.Limits(keepalive_expiry=KEEP_ALIVE_S),
        )


def api_timeline(case_ref: str, token: str) -> Target:
    return Target(
        "GET /api/cases/{case}/timeline",
        f"/api/cases/{case_ref}/timeline",
        headers={"Authorization": f"Bearer {token}"},
    )


def case_page(case_ref: str, cookies: dict[str, str]) -> Target:
    return Target("GET /cases/{case} (page)", f"/cases/{case_ref}", cookies=cookies)


def signed_in(base: str, name: str, password: str) -> dict[str, str]:
    """A session cookie from the login form (its CSRF token read from the page)."""
    with httpx.Client(base_url=base, timeout=TIMEOUT_S) as client:
        page = client.get("/login").text
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        if found is None:
            raise RuntimeError("no CSRF token on the login page")
        form = {"name": name, "password": password, "csrf": html.unescape(found.group(1))}
        answer = client.post("/login", data=form)
        if answer.status_code != 303:  # signed in: redirected to the cases
            raise RuntimeError(f"signing in as {name!r} answered {answer.status_code}")
        return dict(client.cookies)


@contextmanager
def server(store: FreshStore) -> Iterator[tuple[str, int]]:
    """`chronology serve` on a free port, as a separate process; yields its address and pid.

    Its standard error (uvicorn's warnings and any traceback) goes to `SERVER_LOG`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CHRONOLOGY_")}
    port = _free_port()
    command = [sys.executable, "-m", "views.cli", "serve", "--port", str(port)]
    if store.kind == "postgres":
        env["CHRONOLOGY_DATABASE_URL"] = str(store.url)
    else:
        command += ["--store", str(store.path)]
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with SERVER_LOG.open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # uvicorn waits for open connections; don't
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not start (see {SERVER_LOG})")


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user + system, all threads), with its worker processes'."""
    return sum(_own_cpu(process) for process in (pid, *_children(pid)))


def _own_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # gone since it was listed
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    """Every live descendant of `pid` (uvicorn's workers), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ValueError, IndexError):
            continue
    found, frontier = [], [pid]
    while frontier:
        below = [child for child, parent in parents.items() if parent in frontier]
        found += below
        frontier = below
    return found


@dataclass(frozen=True)
class Sample:
    began: float
    seconds: float
    status: str  # "200", another status code, or the exception's name


async def _user(
    base: str, target: Target, deadline: float, pause: float, samples: list[Sample]
) -> None:
    """One user: its own keep-alive connection, reading the target until the deadline. With a
    `pause`, users start at random moments within it and pause 0.5 to 1.5 times it between
    reads, so they do not move in step."""
    jitter = random.Random(id(target))
    await asyncio.sleep(jitter.uniform(0, pause))
    connection = LeanConnection(base, target.lean_headers(), TIMEOUT_S)
    try:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                code, _ = await connection.get(target.path)
                status = str(code)
            except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError) as problem:
                status = (
                    "ReadTimeout" if isinstance(problem, TimeoutError) else type(problem).__name__
                )
                await connection.close()
            samples.append(Sample(began, time.perf_counter() - began, status))
            await asyncio.sleep(pause * jitter.uniform(0.5, 1.5))
    finally:
        await connection.close()


async def _load(base: str, targets: list[Target], seconds: float, pause: float) -> list[Sample]:
    samples: list[Sample] = []
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(_user(base, target, deadline, pause, samples) for target in targets))
    return samples


async def _alone(base: str, target: Target, reads: int) -> tuple[int, list[float]]:
    async with target.client(base) as client:
        first = await client.get(target.path)
        first.raise_for_status()
        times = []
        for _ in range(reads):
            began = time.perf_counter()
            (await client.get(target.path)).raise_for_status()
            times.append((time.perf_counter() - began) * 1000)
    return len(first.content), times


def alone(base: str, target: Target, reads: int) -> tuple[int, list[float]]:
    """One user by itself, after one warming read: (bytes in the answer, latencies in ms)."""
    return asyncio.run(_alone(base, target, reads))


@dataclass(frozen=True)
class Figures:
    requests: int
    errors: dict[str, int]
    seconds: float  # the load's length; requests in flight at its end are waited for
    done_in_time: int  # requests answered within `seconds`: the throughput
    wall_s: float
    latencies_ms: list[float]
    client_cpu_s: float
    server_cpu_s: float

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def throughput(self) -> float:
        return self.done_in_time / self.seconds

    def ms(self, q: float) -> float:
        return percentile(self.latencies_ms, q)


def measure(
    base: str, pid: int, targets: list[Target], seconds: float, pause: float = 0.0
) -> Figures:
    """Each target read by its own user, all at once, for `seconds`, `pause` s between reads."""
    client0, server0 = time.process_time(), cpu_seconds(pid)
    began = time.perf_counter()
    samples = asyncio.run(_load(base, targets, seconds, pause))
    wall = time.perf_counter() - began
    errors: dict[str, int] = {}
    for sample in samples:
        if sample.status != "200":
            errors[sample.status] = errors.get(sample.status, 0) + 1
    return Figures(
        requests=len(samples),
        errors=errors,
        seconds=seconds,
        done_in_time=sum(1 for s in samples if s.began + s.seconds <= began + seconds),
        wall_s=wall,
        latencies_ms=[s.seconds * 1000 for s in samples],
        client_cpu_s=time.process_time() - client0,
        server_cpu_s=cpu_seconds(pid) - server0,
    )
