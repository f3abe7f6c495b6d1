"""Whether a visitor came over HTTPS is taken from X-Forwarded-Proto only behind the reverse
proxies the site is told about (TRUSTED_PROXIES): without them a client could claim it."""

import httpx

from tests.waiting import HTTP_TIMEOUT

PRODUCTION = {"HELPCENTER_PRODUCTION": "true", "SECRET_KEY": "a-long-random-secret-" * 3}


def test_without_proxies_a_claimed_https_is_still_redirected_to_https(start_daphne):
    server = start_daphne(**PRODUCTION)

    response = httpx.get(
        f"{server.url}/en/requests/new/",
        headers={"X-Forwarded-Proto": "https"},
        timeout=HTTP_TIMEOUT,
    )

    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_behind_the_trusted_proxy_its_https_header_is_believed(start_daphne):
    server = start_daphne(**PRODUCTION, TRUSTED_PROXIES="1")

    response = httpx.get(
        f"{server.url}/en/requests/new/",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
        timeout=HTTP_TIMEOUT,
    )

    assert response.status_code == 200
