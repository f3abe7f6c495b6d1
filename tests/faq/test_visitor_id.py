"""A new visitor's random id (``faq.api.random_visitor_id``, one ``os.urandom`` call) is what
the plain way (``get_random_string(32)``) gives: 32 letters and digits, each chosen uniformly."""

import os
from collections import Counter

from django.test import RequestFactory
from django.utils.crypto import RANDOM_STRING_CHARS, get_random_string

from faq import api


def test_a_visitor_id_has_the_length_and_characters_of_get_random_string():
    ids = [api.random_visitor_id() for _ in range(2000)]

    plain = get_random_string(32)
    assert {len(i) for i in ids} == {len(plain)} == {32}
    assert set("".join(ids)) == set(RANDOM_STRING_CHARS)
    assert len(set(ids)) == len(ids)


def test_every_character_is_equally_likely():
    counts = Counter("".join(api.random_visitor_id() for _ in range(4000)))

    expected = 4000 * 32 / len(RANDOM_STRING_CHARS)  # about 2,065 each
    assert all(abs(n - expected) < 0.15 * expected for n in counts.values())


def test_bytes_that_would_bias_the_choice_are_skipped(monkeypatch):
    draws = iter([bytes([0, 61, 62, 248, 255, 123]) + bytes(16)])
    calls = []

    def urandom(n):
        calls.append(n)
        return next(draws)

    monkeypatch.setattr(os, "urandom", urandom)

    key = api.random_visitor_id(6)

    # 248 and 255 are skipped; 0 → "a", 61 → "9", 62 → "a", 123 → "9", then a zero; one call.
    assert key == "a9a9aa"
    assert calls == [22]


def test_a_new_visitor_gets_one_such_id():
    request = RequestFactory().get("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()

    key, is_new = api.visitor_key(request)

    assert is_new
    assert key.startswith("v:")
    assert len(key) == 34
    assert set(key[2:]) <= set(RANDOM_STRING_CHARS)
