"""Card numbers that customers mail us are masked to their last 4 digits before anything is
stored: a new request's message and subject, a reply to a request, and a mail from another
sender held as an internal note (through the pipe command, as an MTA delivers them)."""

import pytest

from email_channel.models import InboundEmail
from tests.email_channel.helpers import pipe
from tests.email_channel.mails import build
from tests.tickets.factories import TicketFactory
from tickets import mail_ids

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_rates_open")]

CARD = "4111 1111 1111 1111"


def test_a_card_number_in_a_new_mail_is_stored_masked(category):
    record = pipe(build(body=f"Please refund my card {CARD}, the payment failed."))

    body = record.ticket.messages.get().body
    assert "4111 1111" not in body
    assert "**** 1111" in body
    assert record.ticket.last_message_preview.count("4111") == 0


def test_a_card_number_in_the_subject_is_stored_masked(category):
    record = pipe(build(subject=f"Card {CARD} was charged twice"))

    assert record.ticket.subject == "Card **** 1111 was charged twice"
    assert InboundEmail.objects.get(pk=record.pk).subject == "Card **** 1111 was charged twice"


def test_a_card_number_in_a_reply_is_stored_masked(category):
    ticket = TicketFactory(category=category, email="wang@example.com")

    pipe(build(to=mail_ids.reply_address(ticket.pk), body=f"The card was {CARD}."))

    assert ticket.messages.last().body == "The card was **** 1111."


def test_a_card_number_from_another_sender_is_masked_in_the_note(category):
    ticket = TicketFactory(category=category, email="wang@example.com")

    record = pipe(
        build(
            sender="Li Hua <li.hua@example.com>",
            to=mail_ids.reply_address(ticket.pk),
            body=f"My wife's card {CARD} was used.",
        )
    )

    note = record.ticket_message
    assert note.internal
    assert CARD not in note.body
    assert "**** 1111" in note.body
