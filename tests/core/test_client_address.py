"""Rate limits count the client's address; behind TRUSTED_PROXIES reverse proxies, the one the
outermost trusted proxy saw, never what the client wrote into X-Forwarded-For itself. HTTP
requests and websockets follow the same rule."""

import pytest
from django.test import RequestFactory

from core.ratelimits import address_key, client_address, client_address_for_scope, client_ip


def meta(remote="10.0.0.5", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra).META


def scope(remote="10.0.0.5", forwarded=None):
    headers = [(b"origin", b"http://testserver")]
    if forwarded is not None:
        headers.append((b"x-forwarded-for", forwarded.encode()))
    return {"type": "websocket", "client": [remote, 50123], "headers": headers}


def test_without_proxies_the_peer_address_counts_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0

    assert client_address(meta(forwarded="203.0.113.9")) == "10.0.0.5"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),  # nginx appended its peer
        ("1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client's own entry is not trusted
        ("", "10.0.0.5"),  # no header: the proxy's address rather than nothing
        ("not-an-ip", "10.0.0.5"),
    ],
)
def test_behind_one_proxy_the_address_it_saw_counts(settings, forwarded, expected):
    settings.TRUSTED_PROXIES = 1

    assert client_address(meta(forwarded=forwarded)) == expected


def test_two_proxies_count_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXIES = 2

    assert client_address(meta(forwarded="6.6.6.6, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", [None, "203.0.113.9", "1.2.3.4, 203.0.113.9", "not-an-ip"])
@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_a_websocket_gets_the_address_an_http_request_gets(settings, proxies, forwarded):
    settings.TRUSTED_PROXIES = proxies

    assert client_address_for_scope(scope(forwarded=forwarded)) == client_address(
        meta(forwarded=forwarded)
    )


def test_a_websocket_without_a_peer_has_no_address(settings):
    settings.TRUSTED_PROXIES = 0

    assert client_address_for_scope({"type": "websocket", "client": None, "headers": []}) == ""


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),  # one customer line holds a whole /64
        ("2001:DB8:1:2::ffff", "2001:db8:1:2::"),
        ("", ""),
    ],
)
def test_limits_count_ipv6_addresses_by_their_64_prefix(address, key):
    assert address_key(address) == key


def test_a_requests_limits_count_the_masked_client_address(settings):
    settings.TRUSTED_PROXIES = 1
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="2001:db8:1:2:3:4:5:6")

    assert client_ip(request) == "2001:db8:1:2::"
