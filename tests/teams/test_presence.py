"""Presence on a ticket or chat over real agent sockets on a live daphne: who is viewing or
replying, answered to newcomers, "left" when a socket closes; refused for an unknown ticket."""

import pytest

from tests.factories import staff_user
from tests.teams.sockets import agent_socket
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_agents_on_one_ticket_see_each_other_viewing_then_replying_then_leaving(live_daphne):
    ticket = TicketFactory()
    subject = f"ticket:{ticket.reference}"
    li_na = staff_user("agent", first_name="Li Na", last_name="")
    tom = staff_user("agent", first_name="Tom", last_name="")
    first = agent_socket(live_daphne, li_na)
    first.send({"type": "presence", "subject": subject, "state": "viewing"})
    second = agent_socket(live_daphne, tom)

    second.send({"type": "presence", "subject": subject, "state": "viewing"})
    tom_arrives = first.expect("presence")
    li_na_was_there = second.expect("presence")
    second.send({"type": "presence", "subject": subject, "state": "replying"})
    tom_replies = first.expect("presence", state="replying")
    second.close()
    tom_leaves = first.expect("presence", state="left")

    assert tom_arrives == {
        "type": "presence",
        "subject": subject,
        "agent": {"id": tom.pk, "name": "Tom"},
        "state": "viewing",
    }
    assert li_na_was_there["agent"] == {"id": li_na.pk, "name": "Li Na"}
    assert li_na_was_there["state"] == "viewing"
    assert tom_replies["agent"]["id"] == tom.pk
    assert tom_leaves["agent"]["id"] == tom.pk


def test_presence_on_a_ticket_that_does_not_exist_is_refused(live_daphne):
    socket = agent_socket(live_daphne, staff_user("agent"))

    socket.send({"type": "presence", "subject": "ticket:HC-2026-999999", "state": "viewing"})
    error = socket.expect("error")

    assert error["code"] == "not_found"


def test_a_malformed_presence_subject_is_invalid(live_daphne):
    socket = agent_socket(live_daphne, staff_user("agent"))

    socket.send({"type": "presence", "subject": "ticket:../../etc", "state": "viewing"})
    error = socket.expect("error")

    assert error["code"] == "invalid"
