"""core.csrf.csrf_token: the token equals Django's get_token in everything but the random mask,
and Django's CSRF check accepts it."""

from collections import Counter

import pytest
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CsrfViewMiddleware,
    _unmask_cipher_token,
    get_token,
)
from django.test import RequestFactory

from core.csrf import csrf_token, mask_secret

SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"


def _request_with_cookie(secret: str | None):
    request = RequestFactory().get("/")
    if secret is not None:
        request.COOKIES["csrftoken"] = secret
    CsrfViewMiddleware(lambda request: HttpResponse()).process_request(request)
    return request


def test_a_masked_secret_unmasks_to_the_secret():
    token = mask_secret(SECRET)

    assert _unmask_cipher_token(token) == SECRET


def test_a_masked_secret_has_the_length_and_alphabet_of_djangos_token():
    ours, djangos = mask_secret(SECRET), get_token(_request_with_cookie(SECRET))

    assert len(ours) == len(djangos) == 64
    assert set(ours) <= set(CSRF_ALLOWED_CHARS)


def test_every_mask_is_new():
    tokens = {mask_secret(SECRET) for _ in range(1000)}

    assert len(tokens) == 1000


def test_mask_characters_are_drawn_evenly_from_the_whole_alphabet():
    counts = Counter("".join(mask_secret(SECRET)[:32] for _ in range(3000)))

    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    # 96,000 draws over 62 characters: 1,548 each on average, a standard deviation of ~39.
    assert max(counts.values()) - min(counts.values()) < 400


def test_the_token_renews_the_cookie_as_djangos_does():
    ours, djangos = _request_with_cookie(SECRET), _request_with_cookie(SECRET)

    csrf_token(ours)
    get_token(djangos)

    assert ours.META["CSRF_COOKIE"] == djangos.META["CSRF_COOKIE"] == SECRET
    assert ours.META["CSRF_COOKIE_NEEDS_UPDATE"] is djangos.META["CSRF_COOKIE_NEEDS_UPDATE"]


def test_without_a_cookie_a_new_secret_is_made_and_the_token_carries_it():
    request = _request_with_cookie(None)

    token = csrf_token(request)

    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


@pytest.mark.parametrize("where", ["form field", "header"])
def test_djangos_csrf_check_accepts_the_token(where):
    token = csrf_token(_request_with_cookie(SECRET))
    extra = {"HTTP_X_CSRFTOKEN": token} if where == "header" else {}
    data = {"csrfmiddlewaretoken": token} if where == "form field" else {}
    request = RequestFactory().post("/", data, **extra)
    request.COOKIES["csrftoken"] = SECRET
    middleware = CsrfViewMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)

    assert middleware.process_view(request, lambda request: None, (), {}) is None


def test_djangos_csrf_check_refuses_a_token_for_another_secret():
    token = mask_secret("Z" * 32)
    request = RequestFactory().post("/", {"csrfmiddlewaretoken": token})
    request.COOKIES["csrftoken"] = SECRET
    middleware = CsrfViewMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)

    assert middleware.process_view(request, lambda request: None, (), {}).status_code == 403
