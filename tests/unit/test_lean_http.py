"""The load benchmark's lean client reads what a real server sends: bodies by length or in
chunks, keep-alive and closed connections (it counts bodies, so a miscount would hang or fail)."""

from __future__ import annotations

import asyncio

from benchmarks.lean_http import LeanConnection

BIG = b"x" * 300_000


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while True:
        try:
            request = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        path = request.split(b" ")[1]
        if path == b"/big":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(BIG) + BIG)
        elif path == b"/chunks":
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for piece in (b"hello ", b"chunked ", b"world"):
                writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            writer.write(b"0\r\n\r\n")
        elif path == b"/empty":
            writer.write(b"HTTP/1.1 304 Not Modified\r\n\r\n")
        else:
            writer.write(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno"
            )
            await writer.drain()
            writer.close()
            return
        await writer.drain()


def test_bodies_by_length_in_chunks_empty_and_after_the_server_closes() -> None:
    async def run() -> list[tuple[int, int]]:
        server = await asyncio.start_server(_serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        connection = LeanConnection(f"http://127.0.0.1:{port}", {"X-Test": "1"}, 5)
        try:
            return [
                await connection.get(path)
                for path in ("/big", "/chunks", "/empty", "/big", "/gone", "/big")
            ]
        finally:
            await connection.close()
            server.close()
            await server.wait_closed()

    assert asyncio.run(run()) == [
        (200, len(BIG)),
        (200, len("hello chunked world")),
        (304, 0),
        (200, len(BIG)),
        (404, 2),
        (200, len(BIG)),  # on a new connection: the server closed the last one
    ]
