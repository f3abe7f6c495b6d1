"""API keys: created (the key is returned once), found by the key a caller presents, revoked."""

import hashlib
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from api.models import ApiKey
from core import memo

KEY_PREFIX = "hck_"
# A key's last-used time is written at most this often: not one UPDATE per request.
LAST_USED_EVERY_SECONDS = 60
# A key found by its hash is kept in the process's memory this long (``api_key_authenticate``):
# a revocation or a change of scopes takes effect at once in the process that made it and
# within this many seconds in every other.
KEY_KEPT_SECONDS = 5.0
_KEPT_MAX = 1000


@dataclass(frozen=True)
class NewKey:
    """A key just created: the row and the only copy of the key in plain text."""

    api_key: ApiKey
    plain: str


def _digest(plain: str) -> str:
    # The secret part is 256 random bits: a fast hash is enough (no dictionary to try), and
    # it keeps every authenticated request cheap.
    return hashlib.sha256(plain.encode()).hexdigest()


def scopes_clean(scopes: Iterable[str]) -> list[str]:
    """The scopes, known ones only and each once, in a stable order; ValidationError else."""
    wanted = [s.strip() for s in scopes if s.strip()]
    unknown = sorted(set(wanted) - set(ApiKey.Scope.values))
    if unknown:
        raise ValidationError(
            _("Unknown scope: %(scopes)s. Known scopes: %(known)s.")
            % {"scopes": ", ".join(unknown), "known": ", ".join(ApiKey.Scope.values)}
        )
    if not wanted:
        raise ValidationError(_("Give the key at least one scope."))
    return [s for s in ApiKey.Scope.values if s in wanted]


@transaction.atomic
def api_key_create(*, name: str, scopes: Iterable[str], demo_secret: str = "") -> NewKey:
    """A new key with ``scopes``; the plain key is in the result and nowhere else.
    ``demo_secret``: the demo data's well-known key (``api.demo``), never for real keys."""
    clean = scopes_clean(scopes)
    prefix = "demo0000" if demo_secret else secrets.token_hex(4)
    plain = f"{KEY_PREFIX}{prefix}_{demo_secret or secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        name=name.strip()[:100], prefix=prefix, secret_hash=_digest(plain), scopes=clean
    )
    return NewKey(api_key=api_key, plain=plain)


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    """Stop the key from working, at once and for good (in other processes within
    KEY_KEPT_SECONDS)."""
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )
    forget_keys()
    transaction.on_commit(forget_keys)
    api_key.refresh_from_db()
    return api_key


# secret hash -> (monotonic time it was read, the active key). Only keys that authenticated
# are kept, so wrong keys cannot fill it; a dict is replaced or cleared whole per operation.
_kept: dict[str, tuple[float, ApiKey]] = {}
_clock = time.monotonic  # tests move it on
memo.register(_kept)  # tests forget it with the other per-process memos


def forget_keys() -> None:
    """Read every key from the database again (a key was revoked or edited)."""
    _kept.clear()


def api_key_lookup(plain: str) -> ApiKey | None:
    """The plain way: the active key ``plain`` is, from the database, compared in constant
    time, or None."""
    if not plain.startswith(KEY_PREFIX):
        return None
    prefix = plain[len(KEY_PREFIX) :].split("_", 1)[0]
    api_key = ApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if api_key is None or not constant_time_compare(_digest(plain), api_key.secret_hash):
        return None
    return api_key


def api_key_kept(plain: str) -> ApiKey | None:
    """``api_key_lookup`` as this process read it at most KEY_KEPT_SECONDS ago (a key is asked
    for on every API request). Keyed by the key's hash, which equals the stored hash only for
    the right secret, so a hit needs no second comparison."""
    if not plain.startswith(KEY_PREFIX):
        return None
    digest = _digest(plain)
    now = _clock()
    entry = _kept.get(digest)
    if entry is not None and now - entry[0] < KEY_KEPT_SECONDS:
        return entry[1]
    api_key = api_key_lookup(plain)
    if api_key is None:
        _kept.pop(digest, None)
        return None
    if len(_kept) >= _KEPT_MAX:
        _kept.clear()
    _kept[digest] = (now, api_key)
    return api_key


def api_key_authenticate(plain: str) -> ApiKey | None:
    """The active key ``plain`` is (``api_key_kept``), or None. Records when it was last used
    (at most every LAST_USED_EVERY_SECONDS per process)."""
    api_key = api_key_kept(plain)
    if api_key is None:
        return None
    now = timezone.now()
    last = api_key.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_EVERY_SECONDS:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
