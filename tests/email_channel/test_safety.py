"""Automatic mail is recorded and never answered; loops are cut; nothing is ever dropped."""

import pytest
from django.core import mail

from email_channel import services
from email_channel.models import BouncingAddress, InboundEmail
from tests.email_channel.helpers import pipe, send_all
from tests.email_channel.mails import DSN, build
from tests.tickets.factories import CategoryFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"X-Autoreply": "yes"},
        {"Precedence": "bulk"},
        {"List-Id": "<announce.lists.example.com>"},
    ],
    ids=["auto-submitted", "x-autoreply", "precedence", "list"],
)
def test_automatic_mail_is_recorded_and_never_answered(category, headers):
    record = pipe(build(subject="Out of office", headers=headers))
    send_all()

    assert record.status == InboundEmail.Status.IGNORED
    assert Ticket.objects.count() == 0
    assert mail.outbox == []


def test_a_bounce_marks_the_address_bouncing_and_sends_nothing(category):
    record = pipe(DSN)
    send_all()

    assert record.status == InboundEmail.Status.BOUNCE
    bouncing = BouncingAddress.objects.get()
    assert bouncing.email == "gone@example.com"
    assert "User unknown" in bouncing.diagnostic
    assert Ticket.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.usefixtures("_early_in_an_hour")
def test_confirmations_to_one_address_stop_at_the_loop_limit(category, settings):
    settings.EMAIL_AUTO_REPLY_RATE = "2/h"

    for n in range(4):
        pipe(build(subject=f"Loop {n}"))
    send_all()

    assert Ticket.objects.count() == 4
    assert len(mail.outbox) == 2


def test_mail_over_the_size_limit_is_quarantined_without_its_body(category, settings):
    settings.EMAIL_MAX_BYTES = 1000

    record = services.inbound_email_receive(raw=build(body="x" * 2000))

    assert record.status == InboundEmail.Status.QUARANTINED
    assert bytes(record.raw) == b""
    assert Ticket.objects.count() == 0


def test_unparseable_mail_is_quarantined_raw():
    raw = b"this is not an e-mail at all"

    record = pipe(raw)

    assert record.status == InboundEmail.Status.QUARANTINED
    assert bytes(record.raw) == raw


def test_mail_that_cannot_be_filed_is_quarantined_and_filed_by_a_retry(db):
    raw = build(subject="Nowhere to go yet")
    record = pipe(raw)  # no category exists: it cannot be filed
    assert record.status == InboundEmail.Status.QUARANTINED
    assert bytes(record.raw) == raw
    CategoryFactory(slug="general")

    retried = services.inbound_email_retry(inbound=record)

    assert retried.status == InboundEmail.Status.FILED
    assert retried.ticket.subject == "Nowhere to go yet"
    assert InboundEmail.objects.count() == 1


def test_admin_retry_action_files_a_quarantined_mail(admin_client, db):
    record = pipe(build(subject="Retry me"))
    CategoryFactory(slug="general")

    response = admin_client.post(
        "/admin/email_channel/inboundemail/",
        {"action": "retry", "_selected_action": [record.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    assert Ticket.objects.get().subject == "Retry me"


def test_admin_accepts_a_held_mail_into_the_thread(admin_client, category):
    from tests.tickets.factories import TicketFactory
    from tickets import mail_ids

    ticket = TicketFactory(category=category, email="wang@example.com")
    record = pipe(
        build(sender="li@example.com", to=mail_ids.reply_address(ticket.pk), body="From Li.")
    )

    admin_client.post(
        "/admin/email_channel/inboundemail/",
        {"action": "accept", "_selected_action": [record.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    message = ticket.messages.last()
    assert not message.internal
    assert message.body == "From Li."
