"""The CSRF token a page carries, masked as Django masks it, in a few microseconds.

Django's ``get_token`` masks the request's CSRF secret afresh for every response (the BREACH
protection: a page never carries the same token twice) by drawing 32 characters one at a time
from ``secrets.SystemRandom``: about 80 µs, the single largest item of a signed-in page's CPU
after the Redis round trips (docs/performance.md). ``csrf_token`` makes the same token from one
``os.urandom`` call: the same alphabet and length, a mask drawn uniformly from the same 62
characters (bytes at or above 248 = 4 × 62 are dropped, so every character is equally likely),
and the same effect on the request (the cookie is renewed, a missing one is created by Django).
Django's middleware unmasks it like any other (tests/core/test_csrf.py).
"""

import secrets
import time
from http.cookies import SimpleCookie

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_ALPHABET = len(CSRF_ALLOWED_CHARS)  # 62
_UNIFORM_BELOW = 256 - 256 % _ALPHABET  # 248: bytes below it map evenly onto the alphabet
# A random byte (below 248) to its character, and the bytes from 248 up to delete.
_BYTE_TO_CHAR = bytes.maketrans(
    bytes(range(_UNIFORM_BELOW)),
    (CSRF_ALLOWED_CHARS * (_UNIFORM_BELOW // _ALPHABET)).encode(),
)
_BIASED_BYTES = bytes(range(_UNIFORM_BELOW, 256))
# Index of each character, and (secret index + mask byte) to the sum's character modulo 62.
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_SUM_TO_CHAR = CSRF_ALLOWED_CHARS * (1 + (_ALPHABET + _UNIFORM_BELOW) // _ALPHABET)


def _random_mask_bytes() -> bytes:
    """32 random bytes, each below 248 (so each is uniform modulo 62)."""
    mask = b""
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += secrets.token_bytes(CSRF_SECRET_LENGTH + 8).translate(None, _BIASED_BYTES)
    return mask[:CSRF_SECRET_LENGTH]


def mask_secret(secret: str) -> str:
    """``secret`` masked as ``django.middleware.csrf._mask_cipher_secret`` masks it: a random
    mask followed by each secret character shifted by the mask character's index."""
    mask = _random_mask_bytes()
    pairs = zip(secret, mask, strict=True)
    cipher = "".join([_SUM_TO_CHAR[_INDEX[char] + byte] for char, byte in pairs])
    return mask.translate(_BYTE_TO_CHAR).decode() + cipher


def csrf_token(request: HttpRequest) -> str:
    """What ``django.middleware.csrf.get_token(request)`` returns, with the same effect on
    the request: the existing secret's cookie is renewed with the response; without a secret
    Django makes one (and sets its cookie)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return mask_secret(secret)


class _Cookies:
    """What ``HttpResponseBase.set_cookie`` needs of a response: its cookie jar."""

    def __init__(self) -> None:
        self.cookies: SimpleCookie = SimpleCookie()


# The cookie headers made during the current second (the expiry is counted in whole seconds).
_cookie_headers: dict[str, str] = {}
_cookie_second = [0]


def csrf_cookie_header(secret: str) -> str:
    """The ``Set-Cookie`` value (as Django's WSGI handler writes it) with which
    ``CsrfViewMiddleware`` renews the CSRF cookie holding ``secret``: the same settings, the
    expiry counted from now (made once per secret and second)."""
    second = int(time.time())
    if second != _cookie_second[0]:
        _cookie_headers.clear()
        _cookie_second[0] = second
    header = _cookie_headers.get(secret)
    if header is None:
        header = _cookie_headers[secret] = _make_cookie_header(secret)
    return header


def _make_cookie_header(secret: str) -> str:
    jar = _Cookies()
    HttpResponseBase.set_cookie(
        jar,
        settings.CSRF_COOKIE_NAME,
        secret,
        max_age=settings.CSRF_COOKIE_AGE,
        domain=settings.CSRF_COOKIE_DOMAIN,
        path=settings.CSRF_COOKIE_PATH,
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=settings.CSRF_COOKIE_HTTPONLY,
        samesite=settings.CSRF_COOKIE_SAMESITE,
    )
    return jar.cookies[settings.CSRF_COOKIE_NAME].output(header="")


def valid_secret(value: str | None) -> bool:
    """Whether ``value`` is a CSRF cookie Django's middleware takes as it is: an unmasked
    secret of the right length and alphabet (a masked one from Django before 4.0, or anything
    else, is handled by the middleware itself)."""
    return (
        value is not None
        and len(value) == CSRF_SECRET_LENGTH
        and not value.strip(CSRF_ALLOWED_CHARS)
    )
