"""A reply whose author has not seen a public reply that arrived meanwhile is stopped (the
service decides); the ticket page shows the new reply with "Send anyway", which then sends."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets import services
from tickets.models import TicketMessage

pytestmark = pytest.mark.django_db


def test_a_reply_after_a_colleagues_unseen_reply_is_stopped():
    ticket = TicketFactory()
    seen = services.last_public_message_id(ticket)
    services.ticket_reply(ticket=ticket, author=staff_user("agent"), body="We are on it.")

    with pytest.raises(services.ReplyCollision) as stopped:
        services.ticket_reply(
            ticket=ticket, author=staff_user("agent"), body="Checking now.", seen_up_to=seen
        )

    assert [m.body for m in stopped.value.unseen] == ["We are on it."]
    assert TicketMessage.objects.filter(ticket=ticket).count() == 2


def test_a_reply_that_saw_the_newest_message_goes_through():
    ticket = TicketFactory()
    services.ticket_reply(ticket=ticket, author=staff_user("agent"), body="We are on it.")
    seen = services.last_public_message_id(ticket)

    message = services.ticket_reply(
        ticket=ticket, author=staff_user("agent"), body="Done.", seen_up_to=seen
    )

    assert message.body == "Done."


def test_a_new_customer_message_also_stops_the_reply():
    ticket = TicketFactory()
    seen = services.last_public_message_id(ticket)
    services.ticket_reply(ticket=ticket, author=None, body="Any news?")

    with pytest.raises(services.ReplyCollision):
        services.ticket_reply(
            ticket=ticket, author=staff_user("agent"), body="Yes.", seen_up_to=seen
        )


def test_my_own_earlier_reply_and_internal_notes_do_not_stop_me():
    ticket = TicketFactory()
    me = staff_user("agent")
    seen = services.last_public_message_id(ticket)
    services.ticket_reply(ticket=ticket, author=me, body="First part.")
    services.ticket_reply(ticket=ticket, author=staff_user("agent"), body="Note", internal=True)

    message = services.ticket_reply(ticket=ticket, author=me, body="Second.", seen_up_to=seen)

    assert message.body == "Second."


def test_the_ticket_page_shows_the_new_reply_with_send_anyway_and_keeps_the_text(client):
    ticket = TicketFactory()
    seen = services.last_public_message_id(ticket)
    colleague = staff_user("agent", first_name="Li Na", last_name="")
    services.ticket_reply(ticket=ticket, author=colleague, body="Refund started today.")
    me = staff_user("agent")
    client.force_login(me)
    with translation.override("en"):
        url = reverse("tickets_console:reply", args=[ticket.reference])
    form = {"kind": "reply", "body": "I will start the refund.", "last_seen_message": seen}

    stopped = client.post(url, form)
    page = stopped.content.decode()
    newest = stopped.context["reply_form"]["last_seen_message"].value()
    sent = client.post(url, {**form, "last_seen_message": newest, "send_anyway": "1"})

    assert stopped.status_code == 409
    assert "Send anyway" in page
    assert "Refund started today." in page
    assert "I will start the refund." in page
    assert sent.status_code == 302
    assert TicketMessage.objects.filter(ticket=ticket, author=me).count() == 1
