"""The open inbox hears about changes over a real agent socket on a real daphne: a request
sent through the public form, then its assignment from the console."""

import json

import httpx
import pytest
import websockets.sync.client

from tests.workspace.http import post_form, send_request, signed_in
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def next_inbox_frame(socket) -> dict:
    while True:
        frame = json.loads(socket.recv(timeout=10))
        if frame["type"] == "inbox":
            return frame


def counts(client: httpx.Client, base: str) -> dict:
    return client.get(f"{base}/en/console/inbox/rows/?view=unassigned").json()


def test_a_request_from_the_public_form_reaches_an_open_inbox_and_its_counters_follow(
    live_daphne, agent, category
):
    base = live_daphne.url
    console = signed_in(agent)
    cookie = "; ".join(f"{k}={v}" for k, v in console.cookies.items())
    with websockets.sync.client.connect(
        f"{live_daphne.ws_url}/ws/agent/", origin=base, additional_headers={"Cookie": cookie}
    ) as socket:
        assert json.loads(socket.recv(timeout=10))["type"] == "welcome"
        empty = counts(console, base)

        sent = send_request(base, category)
        assert sent.status_code == 302
        frame = next_inbox_frame(socket)
        after_form = counts(console, base)
        reference = Ticket.objects.get().reference

        ticket_page = f"{base}/en/console/tickets/{reference}/"
        assign = post_form(console, f"{ticket_page}assign/", {"assignee": "me"}, page=ticket_page)
        next_inbox_frame(socket)
        after_assign = counts(console, base)

    assert frame == {"type": "inbox", "changed": ["ticket"]}
    assert (empty["counts"]["unassigned"], empty["keys"]) == (0, [])
    assert after_form["keys"] == [f"ticket-{reference}"]
    assert after_form["counts"]["unassigned"] == 1
    assert assign.status_code == 302
    assert (after_assign["counts"]["unassigned"], after_assign["counts"]["mine"]) == (0, 1)
    assert after_assign["keys"] == []
