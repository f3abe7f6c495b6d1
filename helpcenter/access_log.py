"""The access log of both servers, one line per HTTP request or websocket, with the secrets
that must travel in a URL replaced by ``[redacted]`` (``redact``): the signed token of the
e-mailed portal link (``/<lang>/requests/t/<token>/``), of the e-mail confirmation link
(``/<lang>/account/email/confirm/<token>/``), of the password reset link
(``/<lang>/account/reset/<uid>/<token>/``) and the value of any ``…token=`` query
parameter (a chat file's ``?token=``). Access logs are copied, shipped and kept for months; a
link in one must not open a customer's request.

The servers' own access logs are off: daphne's by ``-v 0`` (Procfile, docker-compose.yml),
granian's by default. ``AccessLogASGI`` (helpcenter/asgi.py) and ``AccessLogWSGI``
(helpcenter/wsgi.py) write the fields daphne wrote (address, request, status, size; the time
comes from the log formatter) to the ``helpcenter.access`` logger, with the client's address
from the one rule (``core.ratelimits``).
"""

import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from core.ratelimits import client_address, client_address_for_scope

logger = logging.getLogger("helpcenter.access")

REDACTED = "[redacted]"
# The path segments that are secrets: the portal link's token, the e-mail confirmation link's
# and the password reset link's (after the account id).
_PORTAL_TOKEN_RE = re.compile(
    r"(/requests/t/|/account/email/confirm/|/account/reset/[^/?#]+/)[^/?#]+"
)
_TOKEN_PARAM_RE = re.compile(r"([?&;][^=&;#]*token=)[^&;#]*", re.IGNORECASE)

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def redact(target: str) -> str:
    """``target`` (a path with its query string) with the link tokens in its path and every
    ``…token=`` value replaced by ``[redacted]``."""
    target = _PORTAL_TOKEN_RE.sub(rf"\g<1>{REDACTED}", target)
    return _TOKEN_PARAM_RE.sub(rf"\g<1>{REDACTED}", target)


def _target(path: str, query: bytes | str) -> str:
    query = query.decode("latin-1") if isinstance(query, bytes) else query
    return redact(f"{path}?{query}" if query else path)


def log_entry(address: str, request: str, status: int | str = "-", size: int | str = "-") -> None:
    """One access-log line, in the NCSA-like shape daphne wrote: ``address "request" status
    size``."""
    logger.info('%s "%s" %s %s', address or "-", request, status, size)


class AccessLogASGI:
    """Logs every HTTP request when its response is sent and every websocket as daphne did
    (WSCONNECTING, then WSCONNECT or WSREJECT, then WSDISCONNECT)."""

    def __init__(self, application: Callable[..., Awaitable[None]]) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.application(scope, receive, send)

    async def _http(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        address = client_address_for_scope(scope)
        request = f"{scope['method']} {_target(scope['path'], scope.get('query_string', b''))}"
        response = {"status": 500, "size": 0}

        async def logged_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                response["status"] = message["status"]
            elif message["type"] == "http.response.body":
                response["size"] += len(message.get("body", b""))
                if not message.get("more_body", False):
                    log_entry(address, request, response["status"], response["size"])
            await send(message)

        await self.application(scope, receive, logged_send)

    async def _websocket(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        address = client_address_for_scope(scope)
        target = _target(scope["path"], scope.get("query_string", b""))
        log_entry(address, f"WSCONNECTING {target}")
        accepted = False

        async def logged_send(message: dict[str, Any]) -> None:
            nonlocal accepted
            if message["type"] == "websocket.accept":
                accepted = True
                log_entry(address, f"WSCONNECT {target}")
            elif message["type"] == "websocket.close" and not accepted:
                log_entry(address, f"WSREJECT {target}")
            await send(message)

        async def logged_receive() -> dict[str, Any]:
            message = await receive()
            if message["type"] == "websocket.disconnect" and accepted:
                log_entry(address, f"WSDISCONNECT {target}")
            return message

        await self.application(scope, logged_receive, logged_send)


class AccessLogWSGI:
    """Logs every request once the application has answered (the size is the response's
    Content-Length, "-" when it is streamed), leaving the body untouched so that the server's
    file wrapper still sends files."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        response: dict[str, Any] = {"status": "-", "size": "-"}

        def logged_start_response(status: str, headers: list, exc_info: Any = None) -> Any:
            response["status"] = status.split(" ", 1)[0]
            for name, value in headers:
                if name.lower() == "content-length":
                    response["size"] = value
            return start_response(status, headers, exc_info)

        body = self.application(environ, logged_start_response)
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
        target = _target(path, environ.get("QUERY_STRING", ""))
        request = f"{environ.get('REQUEST_METHOD', '-')} {target}"
        log_entry(client_address(environ), request, response["status"], response["size"])
        return body
