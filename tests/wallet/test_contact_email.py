"""Changing a request's contact e-mail is an account change: the server refuses it until the
customer is verified in that request, then changes it, tells the old address, audits it and
ends the verification (the new address may name another wallet account)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import WalletIdentity
from core.models import AuditEntry
from tests.factories import UserFactory
from tests.tickets.factories import TicketFactory
from tests.wallet.factories import DemoAccountFactory
from tickets import services
from tickets.models import Ticket, TicketEvent, TicketMessage
from wallet import services as security
from wallet.models import Verification

pytestmark = pytest.mark.django_db

NEW = "emma.new@example.com"


def _verify(ref) -> None:
    Verification.objects.create(
        kind=ref.kind,
        conversation_id=ref.conversation_id,
        wallet_user_id="w",
        method=Verification.Method.SMS,
        verified_at=timezone.now(),
    )


def test_the_change_is_refused_before_verification(report, agent):
    with pytest.raises(security.SecurityDeskError, match="Verify the customer"):
        services.ticket_contact_email_change(ticket=report, email=NEW, by=agent)

    report.refresh_from_db()
    assert report.customer_email == "emma.clark@example.com"
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CONTACT_EMAIL_CHANGED).exists()


def test_the_change_is_allowed_after_verification_and_audited(report, report_ref, agent):
    _verify(report_ref)

    services.ticket_contact_email_change(ticket=report, email=NEW, by=agent)

    report.refresh_from_db()
    assert report.customer_email == NEW
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CONTACT_EMAIL_CHANGED)
    assert (entry.actor_id, entry.object_type, entry.object_id) == (
        agent.pk,
        "ticket",
        str(report.pk),
    )
    assert "@" not in str(entry.detail)  # customers by internal id only


def test_the_old_address_is_told_of_the_change(report, report_ref, agent):
    _verify(report_ref)

    services.ticket_contact_email_change(ticket=report, email=NEW, by=agent)

    notice = report.messages.get(author_kind=TicketMessage.AuthorKind.SYSTEM)
    assert notice.body.startswith("At your request, replies to this request now go to e***@")
    notification = report.notifications.get(kind="agent_reply")
    assert notification.recipient_email == "emma.clark@example.com"


def test_the_customer_must_be_verified_again_after_the_change(report, report_ref, agent):
    _verify(report_ref)

    services.ticket_contact_email_change(ticket=report, email=NEW, by=agent)

    assert not security.is_verified(report_ref)


def test_a_wallet_app_customer_stays_verified(security_topic, agent):
    DemoAccountFactory(wallet_user_id="w-51", email="li.na@example.com")
    user = UserFactory(email="li.na@example.com")
    WalletIdentity.objects.create(
        user=user, wallet_user_id="w-51", last_signed_in_at=timezone.now()
    )
    ticket = TicketFactory(category=security_topic, customer=user, email="li.na@example.com")

    services.ticket_contact_email_change(ticket=ticket, email="li.na@work.example", by=agent)

    assert Ticket.objects.get(pk=ticket.pk).customer_email == "li.na@work.example"
    assert security.is_verified(services.ticket_ref(ticket))


def test_a_malformed_address_is_refused(report, report_ref, agent):
    _verify(report_ref)

    with pytest.raises(ValidationError):
        services.ticket_contact_email_change(ticket=report, email="not an address", by=agent)


def test_the_console_refuses_the_change_before_verification(client, report, agent):
    client.force_login(agent)
    url = reverse("tickets_console:contact-email", args=[report.reference])

    response = client.post(url, {"email": NEW}, follow=True)

    report.refresh_from_db()
    assert report.customer_email == "emma.clark@example.com"
    assert (
        "Verify the customer&#x27;s identity in this conversation first."
        in response.content.decode()
    )


def test_the_console_changes_it_after_verification(client, report, report_ref, agent):
    _verify(report_ref)
    client.force_login(agent)
    url = reverse("tickets_console:contact-email", args=[report.reference])

    response = client.post(url, {"email": NEW})

    report.refresh_from_db()
    assert report.customer_email == NEW
    assert response["Location"].endswith(f"/console/tickets/{report.reference}/")


def test_the_workspace_offers_the_form_only_to_a_verified_customer(
    client, report, report_ref, agent
):
    client.force_login(agent)
    page = reverse("tickets_console:detail", args=[report.reference])

    before = client.get(page).content.decode()
    _verify(report_ref)
    after = client.get(page).content.decode()

    assert "data-contact-email-locked" in before
    assert 'id="tc-contact-email"' not in before
    assert 'id="tc-contact-email"' in after


def test_customers_cannot_change_a_contact_email(client, report, report_ref, customer):
    _verify(report_ref)
    client.force_login(customer)

    response = client.post(
        reverse("tickets_console:contact-email", args=[report.reference]), {"email": NEW}
    )

    assert response.status_code == 403


def test_the_change_is_a_history_entry_with_masked_addresses(report, report_ref, agent):
    _verify(report_ref)

    services.ticket_contact_email_change(ticket=report, email=NEW, by=agent)

    event = report.events.get(kind=TicketEvent.Kind.CONTACT_EMAIL)
    assert (event.actor_id, event.old_value, event.new_value) == (
        agent.pk,
        "e***@example.com",
        "e***@example.com",
    )


def test_the_history_entry_shows_in_the_panes_thread(client, report, report_ref, agent):
    _verify(report_ref)
    services.ticket_contact_email_change(ticket=report, email=NEW, by=agent)
    client.force_login(agent)

    with translation.override("zh-hans"):
        url = reverse("workspace:ticket-pane", args=[report.reference])

    page = client.get(url).content.decode()

    assert "联系邮箱已更改" in page
