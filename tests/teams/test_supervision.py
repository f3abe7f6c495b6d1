"""Supervisor tools over real sockets on a live daphne: take over, join, watch, reassign; an
agent is refused each on a colleague's chat; tickets: a supervisor reassigns a colleague's
request, an agent may not."""

import pytest
from django.urls import reverse
from django.utils import translation

from chat.models import Conversation
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.teams.sockets import agent_socket, customer_socket
from tests.tickets.factories import TicketFactory
from tickets import services as ticket_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def chat_of_agent(db):
    """An active chat of an online agent (Li Na)."""
    agent = staff_user("agent", first_name="Li Na", last_name="")
    PresenceFactory(user=agent)
    conversation = ConversationFactory(language="en")
    assert conversation.agent == agent
    return conversation


def test_a_supervisor_takes_over_a_chat_the_agent_is_told_and_the_customer_sees_them(
    live_daphne, chat_of_agent
):
    boss = staff_user("supervisor", first_name="Wang Boss", last_name="")
    agent_side = agent_socket(live_daphne, chat_of_agent.agent)
    customer = customer_socket(live_daphne, chat_of_agent)
    supervisor = agent_socket(live_daphne, boss)

    supervisor.send({"type": "supervise", "conversation": chat_of_agent.pk, "action": "take_over"})

    told = agent_side.expect("unassigned")
    assigned = supervisor.expect("assigned")
    line = customer.expect("message")
    seen = customer.expect("conversation")
    assert told == {"type": "unassigned", "conversation": chat_of_agent.pk, "reason": "taken_over"}
    assert assigned["conversation"]["agent"]["name"] == "Wang Boss"
    assert assigned["from_agent"]["name"] == "Li Na"
    assert seen["conversation"]["agent"]["name"] == "Wang Boss"
    assert line["body"] == "You are now chatting with Wang Boss."
    first_agent = chat_of_agent.agent
    chat_of_agent.refresh_from_db()
    assert chat_of_agent.agent == boss
    assert not Conversation.objects.filter(agent=first_agent, status="active").exists()


def test_a_supervisor_joins_a_chat_both_write_and_the_customer_sees_who_joined(
    live_daphne, chat_of_agent
):
    boss = staff_user("supervisor", first_name="Wang Boss", last_name="")
    customer = customer_socket(live_daphne, chat_of_agent)
    supervisor = agent_socket(live_daphne, boss)

    supervisor.send({"type": "supervise", "conversation": chat_of_agent.pk, "action": "join"})
    joined = supervisor.expect("supervising")
    line = customer.expect("message")
    supervisor.send({"type": "sync", "conversation": chat_of_agent.pk, "last_seq": 0})
    supervisor.expect("synced")
    supervisor.send(
        {"type": "message", "conversation": chat_of_agent.pk, "client_id": "s1", "body": "Hi"}
    )
    ack = supervisor.expect("ack")
    from_boss = customer.expect("message", client_id="s1")

    assert joined["mode"] == "join"
    assert line["body"] == "Wang Boss (supervisor) joined the chat."
    assert ack["duplicate"] is False
    assert from_boss["sender"] == {"kind": "agent", "name": "Wang Boss"}
    chat_of_agent.refresh_from_db()
    assert chat_of_agent.agent.first_name == "Li Na"  # still the agent's chat


def test_a_supervisor_watches_a_chat_without_anyone_being_told(live_daphne, chat_of_agent):
    boss = staff_user("supervisor")
    customer = customer_socket(live_daphne, chat_of_agent)
    supervisor = agent_socket(live_daphne, boss)

    supervisor.send({"type": "supervise", "conversation": chat_of_agent.pk, "action": "watch"})
    watching = supervisor.expect("supervising")
    supervisor.send({"type": "sync", "conversation": chat_of_agent.pk, "last_seq": 0})
    history = supervisor.expect("message")
    customer.send({"type": "message", "client_id": "c2", "body": "Are you there?"})
    live = supervisor.expect("message", client_id="c2")
    to_customer = customer.expect("message", client_id="c2")

    assert watching["mode"] == "watch"
    assert history["seq"] == 1
    assert live["body"] == "Are you there?"
    assert to_customer["seq"] == live["seq"]  # no system line came before it: nobody was told


@pytest.mark.parametrize(
    "frame",
    [
        {"action": "watch"},
        {"action": "join"},
        {"action": "take_over"},
        {"action": "reassign", "to_agent": 0},
    ],
    ids=["watch", "join", "take_over", "reassign"],
)
def test_an_agent_is_refused_each_supervisor_tool_on_a_colleagues_chat(
    live_daphne, chat_of_agent, frame
):
    colleague = staff_user("agent")
    if frame.get("to_agent") == 0:
        frame = {**frame, "to_agent": colleague.pk}
    socket = agent_socket(live_daphne, colleague)

    socket.send({"type": "supervise", "conversation": chat_of_agent.pk, **frame})
    error = socket.expect("error")

    assert (error["code"], error["conversation"]) == ("forbidden", chat_of_agent.pk)
    chat_of_agent.refresh_from_db()
    assert chat_of_agent.agent.first_name == "Li Na"
    assert chat_of_agent.last_seq == 2  # the first message and "joined": no new system line


def test_a_supervisor_reassigns_a_chat_to_an_agent_who_is_not_online(live_daphne, chat_of_agent):
    boss = staff_user("supervisor")
    target = staff_user("agent", first_name="Tom", last_name="")
    previous = agent_socket(live_daphne, chat_of_agent.agent)
    supervisor = agent_socket(live_daphne, boss)

    supervisor.send(
        {
            "type": "supervise",
            "conversation": chat_of_agent.pk,
            "action": "reassign",
            "to_agent": target.pk,
        }
    )
    told = previous.expect("unassigned")

    assert told["reason"] == "reassigned"
    chat_of_agent.refresh_from_db()
    assert chat_of_agent.agent == target


def test_a_supervisor_reassigns_a_colleagues_ticket_and_an_agent_may_not(client):
    owner, other = staff_user("agent"), staff_user("agent")
    ticket = TicketFactory()
    ticket_services.ticket_assign(ticket=ticket, assignee=owner, by=owner)
    with translation.override("en"):
        url = reverse("tickets_console:assign", args=[ticket.reference])

    client.force_login(other)
    refused = client.post(url, {"assignee": other.pk}, follow=True)
    ticket.refresh_from_db()
    kept = ticket.assignee
    client.force_login(staff_user("supervisor"))
    client.post(url, {"assignee": other.pk})
    ticket.refresh_from_db()

    assert kept == owner
    assert "Only a supervisor can reassign" in refused.content.decode()
    assert ticket.assignee == other
