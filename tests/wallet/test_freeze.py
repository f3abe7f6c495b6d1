"""Freezing is protective: no verification, one click with a reason, the customer told in
their language and shown the frozen state. Unfreezing needs a verified customer, and a
supervisor or an agent's second confirmation."""

import pytest
from django.core import mail

from core.models import AuditEntry
from tests.wallet.factories import DemoAccountFactory
from tickets import access
from tickets.models import TicketMessage
from wallet import services
from wallet.conversations import ConversationRef
from wallet.models import AccountFreeze, DemoAccount, Verification

pytestmark = pytest.mark.django_db


def _verify(ref: ConversationRef) -> None:
    Verification.objects.create(
        kind=ref.kind,
        conversation_id=ref.conversation_id,
        wallet_user_id="w",
        method=Verification.Method.SMS,
        verified_at="2026-11-30T10:00:00Z",
    )


def test_an_agent_freezes_without_verification(report_ref, holder, agent):
    services.account_freeze(ref=report_ref, reason="unauthorised payment", by=agent)

    holder.refresh_from_db()
    assert holder.frozen
    freeze = AccountFreeze.objects.get()
    assert (freeze.frozen_by, freeze.reason) == (agent, "unauthorised payment")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.FREEZE, actor_id=agent.pk).exists()


def test_the_customer_is_told_in_their_language_and_by_email(
    report, report_ref, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.account_freeze(ref=report_ref, reason="stolen phone", by=agent)

    notice = report.messages.get(author_kind=TicketMessage.AuthorKind.SYSTEM)
    assert notice.body.startswith("For your protection we have frozen your wallet account")
    assert report.notifications.filter(kind="agent_reply").exists()


def test_the_ticket_page_shows_the_frozen_state(client, report, report_ref, agent):
    services.account_freeze(ref=report_ref, reason="stolen phone", by=agent)

    page = client.get(access.portal_url(report, absolute=False)).content.decode()

    assert "Your wallet account is frozen for your protection." in page


def test_a_customer_signed_in_from_the_wallet_app_freezes_at_once(report_ref, holder):
    signed_in = ConversationRef(**{**report_ref.__dict__, "wallet_signed_in": True})

    services.account_freeze(ref=signed_in, reason="I lost my phone", by=None)

    holder.refresh_from_db()
    assert holder.frozen


def test_a_customer_not_signed_in_from_the_wallet_app_cannot_freeze_alone(report_ref):
    with pytest.raises(services.SecurityDeskError):
        services.account_freeze(ref=report_ref, reason="I lost my phone", by=None)


def test_unfreezing_is_refused_before_verification(report_ref, holder, supervisor):
    DemoAccount.objects.filter(pk=holder.pk).update(frozen=True)

    with pytest.raises(services.SecurityDeskError, match="Verify the customer"):
        services.account_unfreeze(ref=report_ref, reason="customer verified", by=supervisor)
    holder.refresh_from_db()
    assert holder.frozen


def test_a_supervisor_unfreezes_a_verified_customer(report_ref, holder, supervisor):
    DemoAccount.objects.filter(pk=holder.pk).update(frozen=True)
    _verify(report_ref)

    services.account_unfreeze(ref=report_ref, reason="phone recovered", by=supervisor)

    holder.refresh_from_db()
    assert not holder.frozen
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNFREEZE).exists()


def test_an_agent_needs_a_second_confirmation_to_unfreeze(report_ref, holder, agent):
    DemoAccount.objects.filter(pk=holder.pk).update(frozen=True)
    _verify(report_ref)

    with pytest.raises(services.SecurityDeskError, match="Confirm"):
        services.account_unfreeze(ref=report_ref, reason="phone recovered", by=agent)
    services.account_unfreeze(ref=report_ref, reason="phone recovered", by=agent, confirmed=True)

    holder.refresh_from_db()
    assert not holder.frozen


def test_a_customer_without_a_wallet_account_gets_a_clear_message(security_topic, agent):
    from tests.tickets.factories import TicketFactory
    from tickets.services import ticket_ref

    ref = ticket_ref(TicketFactory(category=security_topic, email="nobody@example.com"))

    with pytest.raises(services.SecurityDeskError, match="No wallet account"):
        services.account_freeze(ref=ref, reason="stolen", by=agent)


def test_freezing_another_account_is_not_possible_from_this_conversation(report_ref, agent):
    other = DemoAccountFactory()

    services.account_freeze(ref=report_ref, reason="stolen", by=agent)

    other.refresh_from_db()
    assert not other.frozen
    assert mail.outbox == []
