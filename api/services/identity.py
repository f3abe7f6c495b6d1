"""Known customers: the wallet signs a customer's identity (an HS256 JWT with the shared
``WALLET_IDENTITY_SECRET``), and the app, the widget or the full-page chat exchanges it once for
a customer session or a bearer token (docs/api.md, "Known customers")."""

import copy
import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import services as accounts
from accounts.models import WalletIdentity
from api.models import UsedIdentity
from core import memo

# The wallet signs an identity just before handing it over; anything valid longer could be
# copied and used later from elsewhere.
MAX_LIFETIME_SECONDS = 300
# Clocks of the wallet and the help center may differ a little.
CLOCK_LEEWAY_SECONDS = 30
TOKEN_PREFIX = "hcc_"  # noqa: S105 - the visible marker of a customer token, not a secret
TOKEN_SALT = "api.customer-token"  # noqa: S105 - a signing namespace


class IdentityRefused(Exception):
    """A signed identity the exchange refuses; ``code`` names why (``not_configured``,
    ``invalid``, ``expired``, ``too_long_lived``, ``replayed``, ``conflict``)."""

    MESSAGES = {
        "not_configured": _("Signed wallet identities are not accepted by this help center."),
        "invalid": _("The signed identity is not valid: its signature or its content is wrong."),
        "expired": _("The signed identity has expired. Ask the wallet for a new one."),
        "too_long_lived": _(
            "The signed identity is valid for too long: it may expire at most 5 minutes after "
            "it was signed."
        ),
        "replayed": _("This signed identity was already used. Ask the wallet for a new one."),
        "conflict": _("This e-mail address belongs to another account and cannot be used here."),
    }

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code])


@dataclass(frozen=True)
class WalletClaims:
    """What a valid signed identity says about the customer."""

    wallet_user_id: str
    email: str
    name: str
    phone: str
    jti: str
    expires_at: dt.datetime


def _text(payload: dict[str, Any], claim: str, *, max_length: int, required: bool) -> str:
    value = payload.get(claim, "")
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise IdentityRefused("invalid")
    value = str(value).strip()
    if (required and not value) or len(value) > max_length:
        raise IdentityRefused("invalid")
    return value


def identity_verify(token: str, *, now: dt.datetime | None = None) -> WalletClaims:
    """The claims of a signed identity whose signature (HS256, the shared secret), expiry and
    lifetime are right. Does not record it: ``identity_exchange`` does."""
    secret = settings.WALLET_IDENTITY_SECRET
    if not secret:
        raise IdentityRefused("not_configured")
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            options={"require": ["exp", "jti", "sub"]},
            leeway=CLOCK_LEEWAY_SECONDS,
        )
    except jwt.ExpiredSignatureError:
        raise IdentityRefused("expired") from None
    except jwt.PyJWTError:
        raise IdentityRefused("invalid") from None
    now = now or timezone.now()
    if not isinstance(payload.get("exp"), int | float):
        raise IdentityRefused("invalid")
    expires_at = dt.datetime.fromtimestamp(payload["exp"], tz=dt.UTC)
    if (expires_at - now).total_seconds() > MAX_LIFETIME_SECONDS + CLOCK_LEEWAY_SECONDS:
        raise IdentityRefused("too_long_lived")
    email = _text(payload, "email", max_length=254, required=True)
    try:
        validate_email(email)
    except ValidationError:
        raise IdentityRefused("invalid") from None
    return WalletClaims(
        wallet_user_id=_text(payload, "sub", max_length=64, required=True),
        email=email,
        name=_text(payload, "name", max_length=150, required=False) or email.split("@")[0],
        phone=_text(payload, "phone", max_length=32, required=False),
        jti=_text(payload, "jti", max_length=128, required=True),
        expires_at=expires_at,
    )


@transaction.atomic
def identity_exchange(*, token: str, language: str) -> AbstractUser:
    """Use a signed identity once: its ``jti`` is recorded until it expires (a second use is
    ``replayed``), and the wallet user's customer account is found or created with the e-mail
    confirmed, so their earlier guest requests and chats join it
    (``accounts.services.wallet_customer_sign_in``). Returns the customer."""
    claims = identity_verify(token)
    now = timezone.now()
    UsedIdentity.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            UsedIdentity.objects.create(
                jti=claims.jti,
                expires_at=claims.expires_at + dt.timedelta(seconds=CLOCK_LEEWAY_SECONDS),
            )
    except IntegrityError:
        raise IdentityRefused("replayed") from None
    try:
        return accounts.wallet_customer_sign_in(
            wallet_user_id=claims.wallet_user_id,
            email=claims.email,
            name=claims.name,
            phone=claims.phone,
            language="en" if language.startswith("en") else "zh-hans",
        )
    except accounts.WalletIdentityRefused:
        raise IdentityRefused("conflict") from None


def customer_token(user: AbstractUser) -> str:
    """A bearer token for ``user`` (the app's way in), valid API_CUSTOMER_TOKEN_HOURS."""
    return TOKEN_PREFIX + signing.dumps({"u": user.pk}, salt=TOKEN_SALT, compress=False)


def customer_token_lifetime() -> int:
    return settings.API_CUSTOMER_TOKEN_HOURS * 3600


def customer_for_token(token: str) -> AbstractUser | None:
    """The active customer a live bearer token names, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    try:
        data = signing.loads(
            token[len(TOKEN_PREFIX) :], salt=TOKEN_SALT, max_age=customer_token_lifetime()
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return get_user_model().objects.filter(pk=data["u"], is_active=True, is_staff=False).first()


# A wallet user named by a key (``X-Wallet-User-Id``) is found on every such API request, so
# each process keeps the answer this long (``wallet_customer_kept``). A customer deactivated,
# or a wallet identity changed, in this process is read again at once (``api.receivers``); in
# another process within this many seconds.
WALLET_CUSTOMER_KEPT_SECONDS = 5.0
_KEPT_MAX = 1000
_wallet_customers: dict[str, tuple[float, AbstractUser]] = {}
memo.register(_wallet_customers)  # tests forget it with the other per-process memos
_clock = time.monotonic  # tests move it on


def wallet_customer_lookup(wallet_user_id: str) -> AbstractUser | None:
    """The plain way: the active customer account of ``wallet_user_id``, from the database."""
    identity = (
        WalletIdentity.objects.select_related("user")
        .filter(wallet_user_id=wallet_user_id, user__is_active=True)
        .first()
    )
    return identity.user if identity is not None else None


def wallet_customer_kept(wallet_user_id: str) -> AbstractUser | None:
    """``wallet_customer_lookup`` as this process read it at most WALLET_CUSTOMER_KEPT_SECONDS
    ago; each caller gets its own copy of the account (requests never share an instance).
    Only found customers are kept."""
    now = _clock()
    entry = _wallet_customers.get(wallet_user_id)
    if entry is None or now - entry[0] >= WALLET_CUSTOMER_KEPT_SECONDS:
        user = wallet_customer_lookup(wallet_user_id)
        if user is None:
            _wallet_customers.pop(wallet_user_id, None)
            return None
        if len(_wallet_customers) >= _KEPT_MAX:
            _wallet_customers.clear()
        entry = _wallet_customers[wallet_user_id] = (now, user)
    return copy.copy(entry[1])


def forget_wallet_customers() -> None:
    """Read every wallet user's account again (one was deactivated or changed)."""
    _wallet_customers.clear()
