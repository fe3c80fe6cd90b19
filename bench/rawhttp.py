"""A minimal HTTP/1.1 keep-alive client for the benchmarks (JSON in, JSON out).

Why not httpx: on this 2-core machine the load generator shares the CPU with the stack it
measures. httpx costs ~2.5 ms of CPU per request, and its connection pool scans every
queued request and every connection on each event (``_assign_requests_to_connections``,
``is_idle``), so with hundreds of players on 64 shared connections the generator itself
became the queue: in a 400-player world run every route's p50 was ~4 s while the services
were mostly idle, and py-spy showed most of the generator's samples inside httpcore's pool.
This client keeps idle connections in a list and costs a fraction of that, so what the
benchmarks time is the gateway.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Answer:
    """One response: status and body (``json()`` parses it)."""

    status_code: int
    content: bytes

    def json(self) -> object:
        return json.loads(self.content)


class RawHTTP:
    """Keep-alive connections to one ``http://host:port``, reused one request at a time.

    ``max_connections`` bounds the open connections (None: as many as requests at once);
    a request that finds none free waits for one. A connection idle longer than
    ``idle_s`` is closed rather than reused (uvicorn closes keep-alive connections idle for
    5 s: reusing one races its close). Timeouts raise ``TimeoutError``, a closed connection
    ``ConnectionError`` / ``asyncio.IncompleteReadError``."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None,
                 max_connections: int | None = None, timeout: float = 60.0,
                 idle_s: float = 4.0) -> None:
        host, _, port = base_url.removeprefix("http://").partition(":")
        self.host, self.port = host, int(port or 80)
        self.head = "".join(f"{k}: {v}\r\n" for k, v in
                            {"Host": f"{host}:{port}", **(headers or {})}.items())
        self.timeout, self.idle_s = timeout, idle_s
        # idle connections, the most recently used last, each with when it went idle
        self.free: list[tuple[float, asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(max_connections) if max_connections else None

    async def request(self, method: str, path: str, *, params: dict | None = None,
                      json_body: object = None, headers: dict[str, str] | None = None
                      ) -> Answer:
        async with self.slots or contextlib.nullcontext():
            return await asyncio.wait_for(self._send(method, path, params, json_body,
                                                     headers), self.timeout)

    async def get(self, path: str) -> bytes:
        """GET that must answer 200 (the read benchmarks)."""
        answer = await self.request("GET", path)
        if answer.status_code != 200:
            raise RuntimeError(f"GET {path}: {answer.status_code} {answer.content[:200]!r}")
        return answer.content

    async def _send(self, method: str, path: str, params: dict | None, json_body: object,
                    headers: dict[str, str] | None) -> Answer:
        if params:
            path += "?" + urlencode(params)
        body = b"" if json_body is None else json.dumps(json_body).encode()
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        if json_body is not None:
            extra += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        reader, writer = await self._connection()
        try:
            writer.write(f"{method} {path} HTTP/1.1\r\n{self.head}{extra}\r\n".encode() + body)
            head = await reader.readuntil(b"\r\n\r\n")
            status, length, close = int(head[9:12]), 0, False
            for header in head.split(b"\r\n")[1:]:
                name, _, value = header.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
            content = await reader.readexactly(length)
        except BaseException:  # a broken or cancelled exchange: the connection is not reused
            writer.close()
            raise
        if close:
            writer.close()
        else:
            self.free.append((time.monotonic(), reader, writer))
        return Answer(status, content)

    async def _connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """The most recently used idle connection still fresh, else a new one."""
        stale = time.monotonic() - self.idle_s
        while self.free:
            idle_since, reader, writer = self.free.pop()
            if idle_since > stale:
                return reader, writer
            writer.close()
        return await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        for _, _, writer in self.free:
            writer.close()
        self.free.clear()
