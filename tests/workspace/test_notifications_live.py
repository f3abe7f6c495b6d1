"""A notification reaches its recipient's open agent socket on a real daphne, and only theirs:
a supervisor assigns a request from the console, the assignee's socket gets the
``notification`` frame (docs/chat-protocol.md §4.8) in the language the assignee works in; a
colleague's socket gets none."""

import json

import pytest
import websockets.sync.client
from websockets.exceptions import ConnectionClosed

from chat import protocol
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tests.workspace.http import post_form, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def connect(base: str, ws_url: str, user):
    client = signed_in(user)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    socket = websockets.sync.client.connect(
        f"{ws_url}/ws/agent/", origin=base, additional_headers={"Cookie": cookie}
    )
    assert json.loads(socket.recv(timeout=10))["type"] == "welcome"
    return client, socket


def next_notification(socket, timeout: float = 10) -> dict:
    while True:
        frame = json.loads(socket.recv(timeout=timeout))
        if frame["type"] == "notification":
            return frame


def test_an_assignment_reaches_the_assignees_socket_and_no_one_elses(
    live_daphne, agent, supervisor, category
):
    base = live_daphne.url
    ticket = TicketFactory(category=category, subject="Top-up missing")
    colleague = staff_user("agent")
    agent_client, mine = connect(base, live_daphne.ws_url, agent)
    agent_client.get(f"{base}/en/console/")  # works in English: the frame's text and link are
    _colleague_client, theirs = connect(base, live_daphne.ws_url, colleague)
    console, _boss_socket = connect(base, live_daphne.ws_url, supervisor)
    page = f"{base}/en/console/tickets/{ticket.reference}/"

    assigned = post_form(console, f"{page}assign/", {"assignee": agent.pk}, page=page)
    frame = next_notification(mine)
    # The colleague's socket hears the inbox change, never the notification.
    heard = []
    try:
        while True:
            heard.append(json.loads(theirs.recv(timeout=1.5))["type"])
    except TimeoutError:
        pass
    except ConnectionClosed:
        pass
    for socket in (mine, theirs, _boss_socket):
        socket.close()

    assert assigned.status_code == 302
    protocol.validate_server_frame(frame)
    assert frame["unread"] == 1
    assert frame["notification"]["kind"] == "ticket_assigned"
    assert frame["notification"]["url"] == f"/en/console/inbox/t/{ticket.reference}/"
    assert "Top-up missing" in frame["notification"]["text"]
    assert "notification" not in heard
