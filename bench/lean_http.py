"""A lean HTTP/1.1 client for load generators: one keep-alive connection, GET only, written on
asyncio streams. It does what a benchmark needs and nothing more (no TLS, no redirects, no
cookie jar, no decompression: it asks for the identity encoding), so that its own cost per
request is a fraction of a millisecond instead of httpx's few (docs/performance.md, "The
inbox benchmark's client").

    client = await LeanClient.connect("http://127.0.0.1:8000", {"Cookie": "..."})
    answer = await client.get("/en/console/?view=open")
    answer.status, answer.headers["x-bench-began"], len(answer.body)
    await client.close()

Bodies are read by ``Content-Length`` or ``Transfer-Encoding: chunked``; the connection is
opened again if the server closed it (``Connection: close`` or a keep-alive timeout).
"""

import asyncio
import contextlib
from dataclasses import dataclass
from urllib.parse import urlsplit


class ProtocolError(Exception):
    pass


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # names in lower case; a repeated header keeps its last value
    body: bytes


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    """The status and headers of a response head (status line and header lines, CRLF)."""
    lines = head.decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    if not version.startswith("HTTP/1."):
        raise ProtocolError(f"not an HTTP/1 answer: {lines[0]!r}")
    status = int(rest[:3])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return status, headers


async def read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunks = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                # Trailers, if any, end with an empty line.
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass
                return b"".join(chunks)
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    return await reader.read()  # until the server closes


class LeanClient:
    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host = host
        self.port = port
        fixed = {"Host": f"{host}:{port}", "Accept-Encoding": "identity", **headers}
        self._fixed = "".join(f"{name}: {value}\r\n" for name, value in fixed.items())
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    @classmethod
    async def connect(cls, base_url: str, headers: dict[str, str]) -> "LeanClient":
        parts = urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname or not parts.port:
            raise ValueError(f"http://host:port only, not {base_url!r}")
        client = cls(parts.hostname, parts.port, headers)
        await client._open()
        return client

    async def _open(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)

    def request_bytes(self, path: str) -> bytes:
        return f"GET {path} HTTP/1.1\r\n{self._fixed}\r\n".encode("latin-1")

    async def get(self, path: str) -> Answer:
        if self._writer is None or self._writer.is_closing():
            await self._open()
        assert self._reader is not None
        assert self._writer is not None
        self._writer.write(self.request_bytes(path))
        try:
            head = await self._reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            # The server closed an idle keep-alive connection: send once more on a new one.
            await self.close()
            await self._open()
            self._writer.write(self.request_bytes(path))
            head = await self._reader.readuntil(b"\r\n\r\n")
        status, headers = parse_head(head[:-4])
        body = await read_body(self._reader, headers)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Answer(status, headers, body)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await self._writer.wait_closed()
            self._writer = None
            self._reader = None
