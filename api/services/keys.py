"""API keys: created (the key is returned once), found by the key a caller presents, revoked."""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from api.models import ApiKey

KEY_PREFIX = "hck_"
# A key's last-used time is written at most this often: not one UPDATE per request.
LAST_USED_EVERY_SECONDS = 60


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
    """Stop the key from working, at once and for good."""
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )
    api_key.refresh_from_db()
    return api_key


def api_key_authenticate(plain: str) -> ApiKey | None:
    """The active key ``plain`` is, compared in constant time, or None. Records when it was
    last used (at most every LAST_USED_EVERY_SECONDS)."""
    if not plain.startswith(KEY_PREFIX):
        return None
    prefix = plain[len(KEY_PREFIX) :].split("_", 1)[0]
    api_key = ApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if api_key is None or not constant_time_compare(_digest(plain), api_key.secret_hash):
        return None
    now = timezone.now()
    last = api_key.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_EVERY_SECONDS:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
