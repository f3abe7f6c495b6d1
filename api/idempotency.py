"""``@idempotent`` on an API view's ``post``: the ``Idempotency-Key`` header at work
(``api.services.idempotency`` keeps the records)."""

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
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


def idempotent(
    method: Callable[..., Response] | None = None, *, written_with_the_work: bool = False
) -> Any:
    """Run ``method`` once per ``Idempotency-Key`` and credential: a retry with the same key
    and request gets the stored response (with ``Idempotent-Replayed: true``); the same key
    with another request is refused (422), and so is a retry while the first runs (409). An
    error (any problem) stores nothing, so the request can be corrected and sent again.

    ``written_with_the_work``: the view writes the key's record with its own new rows
    (``rows_with_the_work``, in the same statement or transaction), instead of a statement
    of its own before it. A key already taken (a retry, a key used before) makes that write
    fail, and the work with it; the request is then answered the plain way."""
    if method is None:
        return lambda method: idempotent(method, written_with_the_work=written_with_the_work)

    @wraps(method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER, "").strip()
        if not key:
            return method(view, request, *args, **kwargs)
        if len(key) > services.idempotency.MAX_KEY_LENGTH:
            raise Problem("invalid", _("An Idempotency-Key has at most 255 characters."))
        credential, digest = _credential_name(request), request_hash(request)
        if written_with_the_work:
            record = services.idempotency_unsaved(
                credential=credential, key=key, request_hash=digest
            )
            answered = _with_the_work(method, record, view, request, *args, **kwargs)
            if answered is not None:
                return answered
        return _plain(method, credential, key, digest, view, request, *args, **kwargs)

    return wrapper


_RECORD = "_idempotency_record"
_ANSWER = "_idempotency_answer"


def rows_with_the_work(request: Request, answer: Callable[[], Response] | None = None) -> list[Any]:
    """The unsaved record of the request's ``Idempotency-Key`` for a view marked
    ``written_with_the_work`` to write with its own rows; [] without a key (or when the
    plain way has recorded it already).

    ``answer``: the view's response, made once its rows have their final values: the record
    is then a callable row (``core.db.insert_in_one_statement``) that carries the response as
    it is written, instead of an UPDATE storing it afterwards. The view sends what
    ``answered_with_the_work`` gives back."""
    record = getattr(request, _RECORD, None)
    if record is None:
        return []
    if answer is None:
        return [record]

    def answered() -> Any:
        response = answer()
        body = json_body(response.data)
        services.idempotency_answered(
            record=record, status_code=response.status_code, body=body.decode(), content_type=JSON
        )
        setattr(request, _ANSWER, (record, response, body))
        return record

    return [answered]


def answered_with_the_work(request: Request) -> Response | None:
    """The response ``rows_with_the_work(request, answer)`` made and wrote with the work; None
    when it did not (no key, or the key is answered the plain way)."""
    given = getattr(request, _ANSWER, None)
    return None if given is None else given[1]


class _KeyTaken(Exception):
    """The record written with the work hit a key someone else holds: nothing was written."""


def _with_the_work(
    method: Callable[..., Response],
    record: Any,
    view: Any,
    request: Request,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse | Response | None:
    """``method`` writing ``record`` with its rows; None when the key was taken (nothing was
    written: the caller answers the plain way)."""

    def work() -> Response:
        setattr(request, _RECORD, record)
        try:
            # In autocommit (production) the failed statement is rolled back alone; inside a
            # transaction (tests, a caller's atomic block) a savepoint keeps it usable.
            if connection.in_atomic_block:
                with transaction.atomic():
                    return method(view, request, *args, **kwargs)
            return method(view, request, *args, **kwargs)
        except BaseException as exc:
            setattr(request, _ANSWER, None)  # made for rows that were not written
            if not isinstance(exc, IntegrityError):
                raise
            if record.pk is None and services.idempotency_key_taken(
                credential=record.credential, key=record.key
            ):
                raise _KeyTaken from None
            raise
        finally:
            setattr(request, _RECORD, None)

    try:
        return _answered(work, record, request)
    except _KeyTaken:
        return None


def _plain(
    method: Callable[..., Response],
    credential: str,
    key: str,
    digest: str,
    view: Any,
    request: Request,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse | Response:
    try:
        record, stored = services.idempotency_begin(
            credential=credential, key=key, request_hash=digest
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
    return _answered(lambda: method(view, request, *args, **kwargs), record, request)


def _answered(
    work: Callable[[], Response], record: Any, request: Request
) -> HttpResponse | Response:
    """Run the view (``work``); a failure or an error answer gives the key back (when its
    record was written), a success is stored for retries and sent."""
    try:
        response = work()
    except BaseException:
        if record.pk is not None:
            services.idempotency_abandon(record=record)
        raise
    if response.status_code >= 400:
        if record.pk is not None:
            services.idempotency_abandon(record=record)
        return response
    if record.pk is None:
        raise RuntimeError("the view did not write its Idempotency-Key record")
    given = getattr(request, _ANSWER, None)
    if given is not None and given[0] is record and given[1] is response:
        return rendered_once(request, response, given[2])  # stored with the record already
    return _stored(request, record, response)


def _stored(request: Request, record: Any, response: Response) -> HttpResponse | Response:
    """Store the first request's answer for retries, and send it."""
    body = json_body(response.data)
    services.idempotency_finish(
        record=record,
        status_code=response.status_code,
        body=body.decode(),
        content_type=JSON,
    )
    return rendered_once(request, response, body)


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
