"""bench.lean_http against a real local HTTP server (asyncio streams)."""

import asyncio

from bench.lean_http import LeanClient


async def _serve(answers: list[bytes], seen: list[bytes]):
    """A server that answers each request on a connection with the next of ``answers``; an
    answer of ``b""`` closes the connection instead."""

    async def handle(reader, writer):
        while answers:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            seen.append(head)
            answer = answers.pop(0)
            if not answer:
                writer.close()
                return
            writer.write(answer)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def test_bodies_by_content_length_and_chunked_on_one_connection():
    seen: list[bytes] = []
    server, port = await _serve(
        [
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Bench-Began: 7\r\n\r\nhello",
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\n\r\n",
        ],
        seen,
    )
    client = await LeanClient.connect(f"http://127.0.0.1:{port}", {"Cookie": "s=1"})
    first = await client.get("/a/?view=open")
    second = await client.get("/b/")
    await client.close()
    server.close()
    assert (first.status, first.body, first.headers["x-bench-began"]) == (200, b"hello", "7")
    assert (second.status, second.body) == (404, b"abcdefg")
    assert seen[0].startswith(b"GET /a/?view=open HTTP/1.1\r\n")
    assert b"Cookie: s=1\r\n" in seen[0]
    assert b"Accept-Encoding: identity\r\n" in seen[0]
    assert seen[1].startswith(b"GET /b/ HTTP/1.1\r\n")


async def test_a_connection_the_server_closed_is_opened_again():
    seen: list[bytes] = []
    server, port = await _serve(
        [b"", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
        seen,
    )
    client = await LeanClient.connect(f"http://127.0.0.1:{port}", {})
    answer = await client.get("/again/")
    await client.close()
    server.close()
    assert (answer.status, answer.body) == (200, b"ok")
    assert len(seen) == 2
