"""The known-device cookie: a browser that signed in to an account within
LOGIN_KNOWN_DEVICE_DAYS may still try that account while its sign-ins are throttled account-wide
(``services.login_throttle_check``). A cookie rather than the address: it follows its owner
across networks (mobile, VPN) and does not admit an attacker who shares their address (carrier
NAT, office, café). It is signed, so it cannot be forged, and holds only keyed hashes of the
account's names with the time of each sign-in."""

import time

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.http import HttpRequest, HttpResponse

from accounts.services import login_account_key

COOKIE_NAME = "hc_known_device"
_SALT = "accounts.known-device"
# A shared family computer stays known to several accounts; the cookie stays small (4 per name).
_MAX_NAMES = 8


def known_accounts(request: HttpRequest) -> set[str]:
    """The accounts (``login_account_key`` values) this browser signed in to within the last
    LOGIN_KNOWN_DEVICE_DAYS days."""
    return set(_signed_in_at(request))


def remember_device(response: HttpResponse, request: HttpRequest, user: AbstractBaseUser) -> None:
    """Mark this browser as known to ``user``'s account under each name it signs in with
    (username and e-mail), from now; the accounts it already knew stay, the latest first."""
    now = int(time.time())
    signed_in_at = _signed_in_at(request)
    for name in {user.get_username(), getattr(user, "email", "")} - {""}:
        signed_in_at[login_account_key(name)] = now
    latest = dict(sorted(signed_in_at.items(), key=lambda item: item[1], reverse=True)[:_MAX_NAMES])
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps(latest, salt=_SALT),
        max_age=settings.LOGIN_KNOWN_DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _signed_in_at(request: HttpRequest) -> dict[str, int]:
    max_age = settings.LOGIN_KNOWN_DEVICE_DAYS * 86400
    try:
        signed_in_at = signing.loads(
            request.COOKIES.get(COOKIE_NAME, ""), salt=_SALT, max_age=max_age
        )
    except signing.BadSignature:
        return {}
    oldest = time.time() - max_age
    return {account: at for account, at in signed_in_at.items() if at > oldest}
