"""``Idempotency-Key`` on POSTs: the first request with a key (per credential) is recorded with
a hash of what it asked; once answered, its response is stored, and a retry with the same key
and the same request gets that response again instead of doing the work twice. The same key
with a different request is refused, and so is a retry while the first is still running."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from api.models import IdempotentRequest
from core.new_rows import new_row

MAX_KEY_LENGTH = 255


class IdempotencyMismatch(Exception):
    """The key was used before for a different request."""


class IdempotencyInProgress(Exception):
    """The first request with this key has not been answered yet."""


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str
    content_type: str


def _live(credential: str, key: str) -> IdempotentRequest | None:
    since = timezone.now() - dt.timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    return IdempotentRequest.objects.filter(
        credential=credential, key=key, created_at__gte=since
    ).first()


_INSERT_FIELDS = (
    "credential",
    "key",
    "request_hash",
    "response_body",
    "content_type",
    "created_at",
)
_INSERT_SQL: dict[str, str] = {}  # vendor -> the statement


def _record_new(credential: str, key: str, request_hash: str) -> IdempotentRequest | None:
    """``IdempotentRequest.objects.create(...)`` in one statement that cannot fail: the new
    record, or None when the credential has a record with this key already (``INSERT … ON
    CONFLICT DO NOTHING RETURNING``, PostgreSQL and SQLite alike). No SELECT before it and no
    savepoint around it: a first request, the common case, is one round trip."""
    record = idempotency_unsaved(credential=credential, key=key, request_hash=request_hash)
    meta = IdempotentRequest._meta
    fields = [meta.get_field(name) for name in _INSERT_FIELDS]
    values = [f.get_db_prep_save(getattr(record, f.attname), connection) for f in fields]
    sql = _INSERT_SQL.get(connection.vendor)
    if sql is None:  # made once per process (and database vendor)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        conflict = ", ".join(quote(meta.get_field(name).column) for name in ("credential", "key"))
        sql = _INSERT_SQL[connection.vendor] = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders}) "  # noqa: S608
            f"ON CONFLICT ({conflict}) DO NOTHING RETURNING {quote(meta.pk.column)}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return None
    record.pk = row[0]
    record._state.adding = False
    return record


def idempotency_begin(
    *, credential: str, key: str, request_hash: str
) -> tuple[IdempotentRequest | None, StoredResponse | None]:
    """Start a request with ``key``: ``(record, None)`` for a first request, which the caller
    finishes with ``idempotency_finish`` (or ``idempotency_abandon`` when it failed), or
    ``(None, stored)`` to replay. Raises IdempotencyMismatch or IdempotencyInProgress."""
    record = _record_new(credential, key, request_hash)
    if record is not None:
        return record, None
    existing = _live(credential, key)
    if existing is None:
        # A record older than API_IDEMPOTENCY_HOURS makes room for the key's new use.
        IdempotentRequest.objects.filter(credential=credential, key=key).delete()
        record = _record_new(credential, key, request_hash)
        if record is None:  # the same key at the same moment: the other one goes first
            raise IdempotencyInProgress
        return record, None
    if existing.request_hash != request_hash:
        raise IdempotencyMismatch
    if existing.status_code is None:
        raise IdempotencyInProgress
    stored = StoredResponse(existing.status_code, existing.response_body, existing.content_type)
    return None, stored


def idempotency_unsaved(*, credential: str, key: str, request_hash: str) -> IdempotentRequest:
    """A first request's record, not written yet: a view that creates rows in one statement
    writes it with them (``api.idempotency``, ``written_with_the_work``), so a first request
    costs no round trip of its own for it. Written, it is the row ``idempotency_begin`` makes;
    while another request holds the key the unique constraint refuses it, and with it the
    work (IntegrityError, ``idempotency_key_taken``)."""
    return new_row(
        IdempotentRequest,
        credential=credential,
        key=key,
        request_hash=request_hash,
        created_at=timezone.now(),
    )


def idempotency_key_taken(*, credential: str, key: str) -> bool:
    """Whether a record holds ``key`` for ``credential`` (live or expired)."""
    return IdempotentRequest.objects.filter(credential=credential, key=key).exists()


def idempotency_answered(
    *, record: IdempotentRequest, status_code: int, body: str, content_type: str
) -> IdempotentRequest:
    """The first request's answer on its record: on one not written yet (written with the
    work, the answer with it), or on a written one before ``idempotency_finish`` stores it."""
    record.status_code, record.response_body = status_code, body
    record.content_type = content_type
    return record


def idempotency_finish(
    *, record: IdempotentRequest, status_code: int, body: str, content_type: str
) -> None:
    """Store the answer of the first request, for retries."""
    idempotency_answered(
        record=record, status_code=status_code, body=body, content_type=content_type
    )
    _store_response(record.pk, status_code, body, content_type)


def _store_response_plain(pk: int, status_code: int, body: str, content_type: str) -> None:
    """The plain way ``_store_response`` replaces (tests hold the two equal)."""
    IdempotentRequest.objects.filter(pk=pk).update(
        status_code=status_code, response_body=body, content_type=content_type
    )


_UPDATE_SQL: dict[str, str] = {}  # vendor -> the statement, made once per process


def _store_response(pk: int, status_code: int, body: str, content_type: str) -> None:
    """``IdempotentRequest.objects.filter(pk=pk).update(status_code=…, response_body=…,
    content_type=…)`` as one prepared UPDATE: the ORM compiled the same statement again on
    every API POST (a tenth of the create's CPU outside ``ticket_create``)."""
    sql = _UPDATE_SQL.get(connection.vendor)
    if sql is None:
        meta, quote = IdempotentRequest._meta, connection.ops.quote_name
        columns = ", ".join(
            f"{quote(meta.get_field(name).column)} = %s"
            for name in ("status_code", "response_body", "content_type")
        )
        sql = _UPDATE_SQL[connection.vendor] = (
            f"UPDATE {quote(meta.db_table)} SET {columns} "  # noqa: S608
            f"WHERE {quote(meta.pk.column)} = %s"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [status_code, body, content_type, pk])


def idempotency_abandon(*, record: IdempotentRequest) -> None:
    """Forget a first request that failed on our side, so that a retry does the work."""
    IdempotentRequest.objects.filter(pk=record.pk).delete()


def idempotency_sweep(*, now: dt.datetime | None = None) -> int:
    """Delete the stored requests older than API_IDEMPOTENCY_HOURS; how many."""
    now = now or timezone.now()
    since = now - dt.timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    deleted, _rows = IdempotentRequest.objects.filter(created_at__lt=since).delete()
    return deleted
