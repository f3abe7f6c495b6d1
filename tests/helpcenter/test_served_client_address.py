"""Served the way `make run` serves it (tests.conftest starts daphne with the Procfile's flags),
the client's address is the peer's: what a client writes into X-Forwarded-For changes nothing,
for HTTP limits and websockets alike."""

import httpx
import websockets.sync.client

from tests.waiting import HTTP_TIMEOUT

FORGED = "203.0.113.66"


def test_a_client_forging_x_forwarded_for_still_hits_its_address_limit(start_daphne):
    server = start_daphne(FAQ_SUGGEST_RATE="3/d")

    statuses = [
        httpx.get(
            f"{server.url}/api/faq/suggest",
            params={"q": "refund"},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
            timeout=HTTP_TIMEOUT,
        ).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_a_websockets_logged_address_is_the_peers_not_the_forged_header(live_daphne):
    with websockets.sync.client.connect(
        f"{live_daphne.ws_url}/ws/chat/1/",
        origin=live_daphne.url,
        additional_headers={"X-Forwarded-For": FORGED},
    ):
        pass

    output = live_daphne.output()
    assert '127.0.0.1 "WSCONNECTING /ws/chat/1/"' in output
    assert FORGED not in output
