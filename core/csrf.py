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

from django.http import HttpRequest
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
