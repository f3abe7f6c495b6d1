"""``@idempotent`` on an API view's ``post``: the ``Idempotency-Key`` header at work
(``api.services.idempotency`` keeps the records)."""

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from api import services
from api.authentication import Credential
from api.problems import Problem
from core.ratelimits import client_ip

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


def _value(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    return value


def request_hash(request: Request) -> str:
    """What the request asks, independent of how it was encoded (a retried multipart upload
    has a new boundary): its path and its data, files by their content."""
    data = request.data
    if hasattr(data, "lists"):
        normalized = {k: [_value(v) for v in values] for k, values in data.lists()}
    else:
        normalized = data
    text = json.dumps(
        {"path": request.path, "data": normalized}, sort_keys=True, cls=JSONEncoder, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _credential_name(request: Request) -> str:
    if isinstance(request.auth, Credential):
        return request.auth.name
    return f"ip:{client_ip(request)}"


def idempotent(method: Callable[..., Response]) -> Callable[..., Any]:
    """Run ``method`` once per ``Idempotency-Key`` and credential: a retry with the same key
    and request gets the stored response (with ``Idempotent-Replayed: true``); the same key
    with another request is refused (422), and so is a retry while the first runs (409). An
    error (any problem) stores nothing, so the request can be corrected and sent again."""

    @wraps(method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return method(view, request, *args, **kwargs)
        if len(key) > services.idempotency.MAX_KEY_LENGTH:
            raise Problem("invalid", _("An Idempotency-Key has at most 255 characters."))
        try:
            record, stored = services.idempotency_begin(
                credential=_credential_name(request), key=key, request_hash=request_hash(request)
            )
        except services.IdempotencyMismatch:
            raise Problem(
                "idempotency_mismatch",
                _("This Idempotency-Key was used for a different request."),
                422,
            ) from None
        except services.IdempotencyInProgress:
            raise Problem(
                "idempotency_in_progress",
                _("The first request with this Idempotency-Key is still being processed."),
                409,
            ) from None
        if stored is not None:
            replay = HttpResponse(
                stored.body, status=stored.status_code, content_type=stored.content_type
            )
            replay[REPLAYED_HEADER] = "true"
            return replay
        try:
            response = method(view, request, *args, **kwargs)
        except BaseException:
            services.idempotency_abandon(record=record)
            raise
        if response.status_code >= 400:
            services.idempotency_abandon(record=record)
            return response
        body = json_body(response.data)
        services.idempotency_finish(
            record=record,
            status_code=response.status_code,
            body=body.decode(),
            content_type=JSON,
        )
        return rendered_once(request, response, body)

    return wrapper


JSON = "application/json"
_RENDERER = JSONRenderer()


def json_body(data: Any) -> bytes:
    """The body DRF's ``JSONRenderer`` writes for ``application/json`` (compact, UTF-8): what a
    first response is stored as, and sent."""
    return _RENDERER.render(data, JSON, {})


def rendered_once(request: Request, response: Response, body: bytes) -> HttpResponse | Response:
    """``response`` with ``body`` as its content, rendered already (``json_body``), so the
    JSON is not written a second time by DRF's renderer: the same status, headers and bytes.
    When the caller asked for another rendering (``Accept: application/json; indent=4``),
    ``response`` as it is."""
    if getattr(request, "accepted_media_type", None) != JSON:
        return response
    answer = HttpResponse(body, status=response.status_code, content_type=JSON)
    for name, value in response.items():
        if name.lower() != "content-type":
            answer[name] = value
    return answer
