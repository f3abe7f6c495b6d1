"""Lifecycle rows: every state change of a request or a chat writes its event-log row in the
transaction of the change, carrying the figures the metrics need."""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from chat import services as chat_services
from core import db
from insights.models import Event
from tests.chat.factories import ConversationFactory, PresenceFactory, TopicFactory
from tests.factories import staff_user
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import services as ticket_services

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # a Monday, 10:00 in Shanghai


def rows(**filters):
    return list(Event.objects.filter(**filters).order_by("at", "id"))


def test_a_new_request_writes_its_created_row_with_channel_topic_and_language():
    topic = CategoryFactory()

    ticket = TicketFactory(category=topic, source="email", language="zh-hans")

    [created] = rows(ticket_id=ticket.pk)
    assert (created.kind, created.channel, created.topic_id, created.language) == (
        "created",
        "email",
        topic.pk,
        "zh-hans",
    )
    assert created.at == ticket.created_at
    assert created.data == {"priority": "normal", "backlog": 1}


@pytest.mark.django_db(transaction=True)
def test_the_created_row_costs_no_read_and_no_statement_of_its_own_on_postgresql():
    topic = CategoryFactory()
    TicketFactory(category=topic)  # warm the per-process memos (policies, hours, ids)

    with CaptureQueriesContext(connection) as queries:
        ticket = TicketFactory(category=topic)

    run = db.sql_run(connection, queries.captured_queries)
    touching = [sql for sql in run if "insights_event" in sql]
    assert len(touching) == 1
    assert touching[0].lstrip().upper().startswith(("INSERT", "WITH"))
    if connection.vendor == "postgresql":
        assert "tickets_ticket" in touching[0]  # the one statement of the quick path
    assert rows(ticket_id=ticket.pk, kind="created")


def test_an_agents_first_reply_records_the_first_response_with_its_durations():
    agent = staff_user("agent")
    with time_machine.travel(T0, tick=False):
        ticket = TicketFactory()
    with time_machine.travel(T0 + dt.timedelta(minutes=90), tick=False):
        ticket_services.ticket_reply(ticket=ticket, author=agent, body="We are on it.")
        ticket_services.ticket_reply(ticket=ticket, author=agent, body="Still on it.")

    [first] = rows(ticket_id=ticket.pk, kind="first_public_response")
    assert first.data == {
        "agent": agent.pk,
        "priority": "normal",
        "within": True,
        "seconds": 5400,
        "business_seconds": 5400,
    }
    replies = rows(ticket_id=ticket.pk, kind="replied")
    assert [r.data["author"] for r in replies] == ["agent", "agent"]
    assert [r.kind for r in rows(ticket_id=ticket.pk)] == [
        "created",
        "replied",
        "first_public_response",
        "assigned",
        "status_changed",
        "replied",
    ]


def test_solving_and_reopening_move_the_backlog_down_and_up():
    agent = staff_user("agent")
    ticket = TicketFactory()
    ticket_services.ticket_set_status(ticket=ticket, status="solved", by=agent)
    ticket_services.ticket_reply(ticket=ticket, author=None, body="It failed again.")

    solved, reopened = rows(ticket_id=ticket.pk, kind__in=["solved", "reopened"])
    assert (solved.data["backlog"], solved.data["old"]) == (-1, "new")
    assert solved.data["within"] is None  # no resolution target by default
    assert (reopened.data["backlog"], reopened.data["new"]) == (1, "open")
    assert sum(r.data.get("backlog", 0) for r in rows(ticket_id=ticket.pk)) == 1


def test_a_merged_duplicate_records_merged_and_leaves_the_backlog():
    agent = staff_user("agent")
    first = TicketFactory(email="same@example.com")
    duplicate = TicketFactory(email="same@example.com")

    ticket_services.ticket_merge(source=duplicate, target=first, by=agent)

    [merged] = rows(ticket_id=duplicate.pk, kind="merged")
    assert merged.data["into"] == first.pk
    assert merged.data["backlog"] == -1


def test_a_rating_records_the_score_and_the_assignee():
    agent = staff_user("agent")
    ticket = TicketFactory()
    ticket_services.ticket_assign(ticket=ticket, assignee=agent, by=agent)
    ticket_services.ticket_set_status(ticket=ticket, status="solved", by=agent)

    ticket_services.ticket_rate(ticket=ticket, score=4, comment="Quick")

    [rated] = rows(ticket_id=ticket.pk, kind="rated")
    assert rated.data == {"score": 4, "agent": agent.pk}


def test_a_change_rolled_back_leaves_no_row():
    ticket = TicketFactory()
    agent = staff_user("agent")

    def reply_then_fail():
        with transaction.atomic():
            ticket_services.ticket_reply(ticket=ticket, author=agent, body="Draft")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        reply_then_fail()

    assert [r.kind for r in rows(ticket_id=ticket.pk)] == ["created"]


def busy_agent():
    """An online agent whose one slot is taken, so new chats wait in the queue."""
    agent = staff_user("agent")
    PresenceFactory(user=agent, capacity=1)
    ConversationFactory()
    return agent


def test_a_chat_records_queued_accepted_closed_and_rated_with_its_durations():
    agent = busy_agent()
    with time_machine.travel(T0, tick=False):
        chat = ConversationFactory(topic=TopicFactory(), language="en")
    with time_machine.travel(T0 + dt.timedelta(seconds=45), tick=False):
        chat_services.conversation_accept(conversation_id=chat.pk, user=agent)
    with time_machine.travel(T0 + dt.timedelta(minutes=10, seconds=45), tick=False):
        chat_services.conversation_close(conversation_id=chat.pk, by_customer=False, user=agent)
    chat_services.conversation_rate(conversation_id=chat.pk, score=5)

    events = rows(conversation_id=chat.pk)
    assert [e.kind for e in events] == ["created", "queued", "accepted", "closed", "rated"]
    assert {e.channel for e in events} == {"widget"}
    assert events[2].data == {"agent": agent.pk, "wait_seconds": 45, "first": True}
    assert events[3].data == {"agent": agent.pk, "by": "agent", "handle_seconds": 600}
    assert events[4].data == {"score": 5, "agent": agent.pk}


def test_a_chat_the_customer_ended_before_anyone_took_it_is_abandoned():
    busy_agent()
    with time_machine.travel(T0, tick=False):
        chat = ConversationFactory()
    with time_machine.travel(T0 + dt.timedelta(seconds=130), tick=False):
        chat_services.conversation_close(conversation_id=chat.pk, by_customer=True)

    [abandoned] = rows(conversation_id=chat.pk, kind="abandoned")
    assert abandoned.data == {"wait_seconds": 130}


def test_a_transfer_records_both_agents():
    first, second = busy_agent(), busy_agent()
    chat = ConversationFactory()
    chat_services.conversation_accept(conversation_id=chat.pk, user=first)

    chat_services.conversation_transfer(conversation_id=chat.pk, by=first, to_agent_id=second.pk)

    [moved] = rows(conversation_id=chat.pk, kind="transferred")
    assert moved.data == {"from_agent": first.pk, "agent": second.pk}
    assert len(rows(conversation_id=chat.pk, kind="accepted")) == 1  # a transfer is no new take
