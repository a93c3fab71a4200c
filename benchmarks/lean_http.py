"""A lean HTTP/1.1 client for the load benchmark: one keep-alive connection per user.

The load runs on the same two cores as the server, so what the client spends is taken from the
server. httpx spent about 1.9 ms of CPU per request here (a third of the machine at 350
requests a second); a load tool such as wrk spends a few microseconds. This client does only
what the benchmark needs: GET, headers in, status and body length out. Bodies are counted as
they arrive and never kept (an asyncio `Protocol`, not a `StreamReader`, which buffered and
copied them: 1.3-1.9 ms of CPU per 2 MB answer against 0.4 ms counted), by `Content-Length`
or chunk by chunk, so a keep-alive connection can be used again. It is not a general-purpose
client.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024


class ConnectionClosed(ConnectionError):
    """The server closed the connection (e.g. its keep-alive timeout) before answering."""


class LeanConnection:
    """One user's connection; `get` reconnects once if the server had closed it."""

    def __init__(self, base: str, headers: dict[str, str], timeout: float) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.head = f"Host: {self.host}:{self.port}\r\n{extra}Connection: keep-alive\r\n\r\n"
        self.transport: asyncio.Transport | None = None
        self.answer: _Answer | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """(status, bytes in the body); raises TimeoutError past the timeout."""
        return await asyncio.wait_for(self._get(path), self.timeout)

    async def _get(self, path: str) -> tuple[int, int]:
        for attempt in (1, 2):
            if self.transport is None or self.transport.is_closing():
                await self._connect()
            try:
                return await self._exchange(path)
            except (ConnectionClosed, ConnectionResetError, BrokenPipeError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _connect(self) -> None:
        loop = asyncio.get_running_loop()
        transport, answer = await loop.create_connection(_Answer, self.host, self.port)
        self.transport, self.answer = transport, answer

    async def _exchange(self, path: str) -> tuple[int, int]:
        assert self.transport is not None
        assert self.answer is not None
        waiting = self.answer.expect()
        self.transport.write(f"GET {path} HTTP/1.1\r\n{self.head}".encode("latin-1"))
        status, size, closing = await waiting
        if closing:
            await self.close()
        return status, size

    async def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
        self.transport = self.answer = None


class _Answer(asyncio.Protocol):
    """Reads one answer at a time: its head parsed, its body counted."""

    def __init__(self) -> None:
        self.waiter: asyncio.Future[tuple[int, int, bool]] | None = None
        self.pending = b""  # head or chunk-size bytes not yet complete
        self.state = "head"  # head, body, chunk-size, chunk, chunk-end, trailer
        self.status, self.size, self.left, self.closing = 0, 0, 0, False

    def expect(self) -> asyncio.Future[tuple[int, int, bool]]:
        self.waiter = asyncio.get_running_loop().create_future()
        self.pending, self.state, self.size = b"", "head", 0
        return self.waiter

    def data_received(self, data: bytes) -> None:
        try:
            self._take(data)
        except ValueError as problem:
            self._finish(error=problem)

    def connection_lost(self, exc: Exception | None) -> None:
        self._finish(error=ConnectionClosed())

    def _take(self, data: bytes) -> None:
        while data:
            if self.state in ("body", "chunk"):
                used = min(self.left, len(data))
                self.left, data = self.left - used, data[used:]
                if self.left == 0:
                    self._after_data()
                continue
            line_end = b"\r\n\r\n" if self.state == "head" else b"\r\n"
            joined = self.pending + data
            found = joined.find(line_end)
            if found < 0:
                if len(joined) > MAX_HEAD:
                    raise ValueError("the response head is too long")
                self.pending, data = joined, b""
                continue
            self.pending, data = b"", joined[found + len(line_end) :]
            self._line(joined[:found])

    def _line(self, line: bytes) -> None:
        if self.state == "head":
            self.status, length, chunked, self.closing = _parse(line)
            if chunked:
                self.state = "chunk-size"
            elif length:
                self.state, self.left, self.size = "body", length, length
            else:
                self._finish()
        elif self.state == "chunk-size":
            self.left = int(line.split(b";")[0], 16)
            self.size += self.left
            self.state = "chunk" if self.left else "trailer"
        elif self.state == "chunk-end":
            self.state = "chunk-size"
        elif self.state == "trailer" and not line:
            self._finish()

    def _after_data(self) -> None:
        if self.state == "body":
            self._finish()
        else:
            self.state = "chunk-end"  # the CRLF after a chunk's data

    def _finish(self, error: Exception | None = None) -> None:
        waiter, self.waiter = self.waiter, None
        self.state = "head"
        if waiter is None or waiter.done():
            return
        if error is not None:
            waiter.set_exception(error)
        else:
            waiter.set_result((self.status, self.size, self.closing))


def _parse(head: bytes) -> tuple[int, int, bool, bool]:
    """(status, content length, chunked, connection closing) from the response head."""
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in lines[1:] if line)
    }
    chunked = "chunked" in fields.get("transfer-encoding", "").lower()
    closing = fields.get("connection", "").lower() == "close"
    return status, int(fields.get("content-length", "0")), chunked, closing
