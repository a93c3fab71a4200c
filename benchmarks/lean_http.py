"""A lean HTTP/1.1 client for the load benchmark: one keep-alive connection per user.

The load runs on the same two cores as the server, so what the client spends is taken from the
server. httpx spent about 1.9 ms of CPU per request here (a third of the machine at 350
requests a second); a load tool such as wrk spends a few microseconds. This client does only
what the benchmark needs: GET, headers in, status and body length out, reading the body by
`Content-Length` (or chunks) so a keep-alive connection can be used again. It is not a
general-purpose client.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024


class ConnectionClosed(Exception):
    """The server closed the connection (e.g. its keep-alive timeout) before answering."""


class LeanConnection:
    """One user's connection; `get` reconnects once if the server had closed it."""

    def __init__(self, base: str, headers: dict[str, str], timeout: float) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.head = f"Host: {self.host}:{self.port}\r\n{extra}Connection: keep-alive\r\n\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        """(status, bytes in the body); raises TimeoutError past the timeout."""
        return await asyncio.wait_for(self._get(path), self.timeout)

    async def _get(self, path: str) -> tuple[int, int]:
        for attempt in (1, 2):
            if self.writer is None:
                await self._connect()
            try:
                return await self._exchange(path)
            except (ConnectionClosed, ConnectionResetError, BrokenPipeError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def _exchange(self, path: str) -> tuple[int, int]:
        assert self.reader is not None
        assert self.writer is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\n{self.head}".encode("latin-1"))
        await self.writer.drain()
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as closed:
            raise ConnectionClosed from closed
        status, length, chunked, closing = _parse(head)
        size = await (self._chunks() if chunked else self._body(length))
        if closing:
            await self.close()
        return status, size

    async def _body(self, length: int) -> int:
        assert self.reader is not None
        await self.reader.readexactly(length)
        return length

    async def _chunks(self) -> int:
        assert self.reader is not None
        total = 0
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await self.reader.readexactly(size + 2)  # the chunk and its CRLF
            total += size
            if size == 0:
                return total

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _parse(head: bytes) -> tuple[int, int, bool, bool]:
    """(status, content length, chunked, connection closing) from the response head."""
    if len(head) > MAX_HEAD:
        raise ValueError("the response head is too long")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in lines[1:] if line)
    }
    chunked = "chunked" in fields.get("transfer-encoding", "").lower()
    closing = fields.get("connection", "").lower() == "close"
    return status, int(fields.get("content-length", "0")), chunked, closing
