"""A customer who reports unauthorised activity asks for a freeze on their request page: a
customer signed in from the wallet app is frozen at once; anyone else's request waits for an
agent's one click. The customer is told in their language and sees the state on the page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import WalletIdentity
from core.models import AuditEntry
from tests.factories import UserFactory
from tests.tickets.factories import TicketFactory
from tests.wallet.factories import DemoAccountFactory
from tickets import access
from tickets.models import TicketMessage
from tickets.services import ticket_ref
from wallet import services
from wallet.models import AccountFreeze, FreezeRequest

pytestmark = pytest.mark.django_db


def _freeze_url(ticket) -> str:
    return access.portal_url(ticket, absolute=False) + "freeze/"


def test_a_security_report_offers_the_customer_a_freeze(client, report):
    page = client.get(access.portal_url(report, absolute=False)).content.decode()

    assert "data-freeze-ask" in page
    assert 'action="' + _freeze_url(report) + '"' in page


def test_other_requests_do_not_offer_a_freeze(client, category, holder):
    ticket = TicketFactory(category=category, email=holder.email)

    page = client.get(access.portal_url(ticket, absolute=False)).content.decode()

    assert "data-freeze-ask" not in page


def test_a_guest_asking_records_a_request_for_an_agent(client, report, holder):
    client.post(_freeze_url(report))

    holder.refresh_from_db()
    assert not holder.frozen
    asked = FreezeRequest.objects.get()
    assert (asked.kind, asked.conversation_id, asked.status) == ("ticket", report.pk, "pending")


def test_the_guest_is_told_and_sees_that_the_freeze_was_asked(client, report):
    client.post(_freeze_url(report))

    notice = report.messages.get(author_kind=TicketMessage.AuthorKind.SYSTEM)
    page = client.get(access.portal_url(report, absolute=False)).content.decode()
    assert notice.body.startswith("You asked us to freeze your wallet account.")
    assert "data-freeze-requested" in page
    assert "data-freeze-ask" not in page


def test_the_notice_is_in_the_customers_language(client, security_topic, holder):
    ticket = TicketFactory(category=security_topic, email=holder.email, language="zh-hans")

    client.post(_freeze_url(ticket))

    notice = ticket.messages.get(author_kind=TicketMessage.AuthorKind.SYSTEM)
    assert notice.body.startswith("您已申请冻结钱包账户。")


def test_asking_twice_makes_one_request_and_one_notice(client, report):
    client.post(_freeze_url(report))
    client.post(_freeze_url(report))

    assert FreezeRequest.objects.count() == 1
    assert report.messages.filter(author_kind=TicketMessage.AuthorKind.SYSTEM).count() == 1


def test_the_agent_sees_the_request_with_the_reason_filled_in(client, report, agent):
    client.post(_freeze_url(report))
    client.force_login(agent)

    html = client.get(reverse("tickets_console:detail", args=[report.reference])).content.decode()

    assert "data-freeze-requested" in html
    assert f'value="{services.customer_reason("en")}"' in html


def test_one_click_of_the_agent_applies_it_and_the_customer_sees_it(client, report, holder, agent):
    client.post(_freeze_url(report))
    client.force_login(agent)

    client.post(
        reverse("wallet_console:freeze", args=["ticket", report.pk]),
        {"reason": services.customer_reason("en")},
    )

    holder.refresh_from_db()
    assert holder.frozen
    assert FreezeRequest.objects.get().status == FreezeRequest.Status.APPLIED
    client.logout()
    page = client.get(access.portal_url(report, absolute=False)).content.decode()
    assert "Your wallet account is frozen for your protection." in page
    assert "data-freeze-requested" not in page


def _wallet_user_report(security_topic):
    account = DemoAccountFactory(wallet_user_id="w-61", email="zhou.min@example.com")
    user = UserFactory(email="zhou.min@example.com")
    WalletIdentity.objects.create(
        user=user, wallet_user_id="w-61", last_signed_in_at=timezone.now()
    )
    return account, user, TicketFactory(category=security_topic, customer=user, language="en")


def test_a_wallet_app_customer_is_frozen_at_once(client, security_topic):
    account, user, ticket = _wallet_user_report(security_topic)
    client.force_login(user)

    client.post(reverse("tickets:ticket-freeze", args=[ticket.reference]))

    account.refresh_from_db()
    assert account.frozen
    freeze = AccountFreeze.objects.get()
    assert freeze.frozen_by is None
    assert not FreezeRequest.objects.exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.FREEZE, actor_id=None).exists()
    page = client.get(reverse("tickets:ticket", args=[ticket.reference])).content.decode()
    assert "Your wallet account is frozen for your protection." in page


def test_a_wallet_app_customer_whose_wallet_is_down_gets_a_request(security_topic, http_wallet):
    user = UserFactory(email="emma.clark@example.com")
    WalletIdentity.objects.create(
        user=user, wallet_user_id="w-1001", last_signed_in_at=timezone.now()
    )
    ticket = TicketFactory(category=security_topic, customer=user, language="en")
    http_wallet.mode = "error"

    asked = services.freeze_ask(ref=ticket_ref(ticket))

    assert asked == services.FreezeAsked.REQUESTED
    assert FreezeRequest.objects.filter(status="pending").exists()
    assert not AccountFreeze.objects.exists()


def test_asking_again_once_frozen_is_refused(report, report_ref, agent):
    services.account_freeze(ref=report_ref, reason="stolen phone", by=agent)

    with pytest.raises(services.SecurityDeskError, match="already frozen"):
        services.freeze_ask(ref=report_ref)


def test_the_demo_has_a_customer_waiting_for_a_freeze():
    from django.core.management import call_command

    from tickets.models import Ticket

    call_command("seed_demo")

    asked = FreezeRequest.objects.get(status="pending")
    assert Ticket.objects.get(pk=asked.conversation_id).category.slug == "account-security"
