"""Rate limits count the client's address; behind TRUSTED_PROXIES reverse proxies, the one the
outermost trusted proxy saw, never what the client wrote into X-Forwarded-For itself."""

import pytest
from django.test import RequestFactory

from core.ratelimits import client_address, client_ip


def request(remote="10.0.0.5", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_proxies_the_peer_address_counts_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0

    assert client_address(request(forwarded="203.0.113.9")) == "10.0.0.5"


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

    assert client_address(request(forwarded=forwarded)) == expected


def test_two_proxies_count_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXIES = 2

    assert client_address(request(forwarded="6.6.6.6, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"


def test_rate_limits_use_it_with_the_ipv6_mask(settings):
    settings.TRUSTED_PROXIES = 1

    assert client_ip(request(forwarded="2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::"
