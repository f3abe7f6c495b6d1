"""The live floor: who waits and who works, today's figures, links into the inbox; for
supervisors and admins only, in a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from chat import services as chat_services
from insights.floor import floor_now
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
URL = "/en/console/dashboard/"
LIVE = "/en/console/dashboard/live/"


def busy_agent():
    agent = staff_user("agent", first_name="Lin")
    PresenceFactory(user=agent, capacity=1)
    ConversationFactory(name="Busy customer")
    return agent


def test_the_floor_counts_who_waits_and_who_is_busy():
    agent = busy_agent()
    ConversationFactory(name="Waiting customer")

    floor = floor_now()

    assert (floor.waiting, floor.active_chats) == (1, 1)
    assert floor.longest_wait_seconds is not None
    [on_floor] = floor.agents
    assert (on_floor.id, on_floor.status, on_floor.load) == (agent.pk, "online", 1)
    assert on_floor.chats[0]["customer_name"] == "Busy customer"
    assert floor.created_today == 2


def test_requests_due_within_the_hour_are_breaching_soon():
    soon, later = TicketFactory(), TicketFactory()
    now = timezone.now()
    Ticket.objects.filter(pk=soon.pk).update(sla_due_at=now + dt.timedelta(minutes=30))
    Ticket.objects.filter(pk=later.pk).update(sla_due_at=now + dt.timedelta(hours=3))

    assert floor_now(now).breaching_soon == 1


def test_a_supervisor_sees_the_floor_with_links_to_the_inbox(client):
    busy_agent()
    client.force_login(staff_user("supervisor"))

    page = client.get(URL).content.decode()

    assert 'href="/en/console/?view=chats"' in page
    assert 'href="/en/console/?view=at-risk"' in page
    assert 'href="/en/console/?view=open"' in page
    assert "Lin" in page
    assert 'data-socket="/ws/agent/"' in page


def test_the_floor_is_translated(client):
    client.force_login(staff_user("supervisor"))

    page = client.get("/zh-hans/console/dashboard/").content.decode()

    assert "实时" in page


def test_an_agent_gets_403_on_the_floor(client):
    client.force_login(staff_user("agent"))

    assert client.get(URL).status_code == 403
    assert client.get(LIVE).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_floor_costs_the_same_queries_however_busy(client, django_assert_max_num_queries):
    supervisor = staff_user("supervisor")
    client.force_login(supervisor)
    busy_agent()
    client.get(LIVE)  # warm sessions and memos
    with django_assert_max_num_queries(14) as few:
        client.get(LIVE)
    for _ in range(3):
        busy_agent()
        ConversationFactory()

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIVE).status_code == 200


def test_a_chat_taken_from_the_queue_leaves_the_waiting_count():
    agent = busy_agent()
    waiting = ConversationFactory()
    assert floor_now().waiting == 1

    chat_services.conversation_accept(conversation_id=waiting.pk, user=agent)

    assert (floor_now().waiting, floor_now().active_chats) == (0, 2)
