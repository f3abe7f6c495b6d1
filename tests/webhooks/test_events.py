"""Which changes write outbox rows, in the change's transaction, and what their payloads say."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from chat import services as chat_services
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import services as ticket_services
from webhooks.models import Delivery


def event_types() -> list[str]:
    return list(Delivery.objects.order_by("pk").values_list("event_type", flat=True))


def ticket_then_failure() -> None:
    with transaction.atomic():
        TicketFactory()
        raise RuntimeError("the request failed after the ticket was written")


def test_a_rolled_back_change_queues_nothing(subscription):
    with pytest.raises(RuntimeError):
        ticket_then_failure()

    assert Delivery.objects.count() == 0


def test_nothing_is_queued_without_an_active_subscription(subscription):
    subscription.is_active = False
    subscription.save()

    TicketFactory()

    assert Delivery.objects.count() == 0


def test_a_subscription_gets_only_the_events_it_chose(subscription):
    subscription.events = ["ticket.solved"]
    subscription.save()

    TicketFactory()

    assert Delivery.objects.count() == 0


def test_a_new_request_in_a_security_topic_is_also_a_security_report(subscription):
    security = CategoryFactory(slug="stolen-funds", is_security=True)
    ticket = TicketFactory(category=security, transaction_number="TX-991")

    report = Delivery.objects.get(event_type="security_report.created")

    assert event_types() == ["ticket.created", "security_report.created"]
    assert report.payload["data"]["ticket"]["transaction_number"] == "TX-991"
    assert report.payload["data"]["ticket"]["customer"] == {
        "id": None,
        "email": ticket.customer_email,
    }


def test_a_ticket_payload_names_the_customer_by_id_only(subscription, customer):
    ticket = TicketFactory(customer=customer)

    data = Delivery.objects.get().payload["data"]

    assert data["ticket"]["customer"] == {"id": customer.pk}
    assert data["ticket"]["reference"] == ticket.reference
    assert ticket.customer_email not in str(data)


def test_an_internal_note_is_never_sent(subscription, agent):
    ticket = TicketFactory()
    Delivery.objects.all().delete()

    ticket_services.ticket_reply(
        ticket=ticket, author=agent, body="Checked the ledger", internal=True
    )

    assert Delivery.objects.count() == 0


def test_an_agents_public_reply_is_a_message_and_an_update(subscription, agent):
    ticket = TicketFactory()
    Delivery.objects.all().delete()

    message = ticket_services.ticket_reply(ticket=ticket, author=agent, body="We are on it.")

    assert event_types() == ["message.created", "ticket.updated", "ticket.updated"]
    created = Delivery.objects.get(event_type="message.created").payload["data"]
    assert created["message"] == {"id": message.pk, "author": "agent"}
    assert "We are on it." not in str(created)


def test_a_priority_change_carries_the_new_priority_and_the_change(subscription, agent):
    ticket = TicketFactory()
    Delivery.objects.all().delete()

    ticket_services.ticket_set_priority(ticket=ticket, priority="high", by=agent)

    data = Delivery.objects.get().payload["data"]
    assert data["ticket"]["priority"] == "high"
    assert data["changes"] == {"priority": {"old": "normal", "new": "high"}}


def test_solving_and_rating_a_request(subscription, agent):
    ticket = TicketFactory()
    Delivery.objects.all().delete()

    ticket_services.ticket_set_status(ticket=ticket, status="solved", by=agent)
    ticket_services.ticket_rate(ticket=ticket, score=5, comment="Quick")

    assert event_types() == ["ticket.solved", "ticket.rated"]
    assert Delivery.objects.get(event_type="ticket.rated").payload["data"]["rating"] == {"score": 5}


def test_a_chat_is_queued_started_ended_and_rated(subscription):
    PresenceFactory(user=staff_user("agent"))

    conversation = ConversationFactory()
    chat_services.conversation_close(conversation_id=conversation.pk, by_customer=True)
    chat_services.conversation_rate(conversation_id=conversation.pk, score=4)

    assert event_types() == ["chat.queued", "chat.started", "chat.ended", "chat.rated"]
    ended = Delivery.objects.get(event_type="chat.ended").payload["data"]
    assert ended["ended_by"] == "customer"
    assert ended["chat"]["status"] == "closed"


def test_a_chat_whose_customer_left_the_queue_ends_as_abandoned(subscription):
    agent = staff_user("agent")
    PresenceFactory(user=agent, capacity=1)
    busy = ConversationFactory()
    chat_services.message_send(
        conversation_id=busy.pk, sender_kind="agent", client_id="a-0", body="Hi", user=agent
    )
    waiting = ConversationFactory()
    chat_services.customer_left(conversation_id=waiting.pk)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3600), tick=False):
        chat_services.conversations_sweep_unattended()

    ended = Delivery.objects.get(event_type="chat.ended").payload["data"]
    assert (ended["chat"]["id"], ended["ended_by"]) == (waiting.pk, "abandoned")
