"""Account closure as a structured request: refused before verification and with a balance;
the verified customer confirms on their ticket page; the agent closes the account only after
the cooling-off period set in admin; either side may cancel. Every step is audited."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from core.models import AuditEntry
from tickets import access
from wallet import services
from wallet.models import ClosureRequest, DemoAccount, DeskSettings, Verification

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_account(holder):
    DemoAccount.objects.filter(pk=holder.pk).update(balance=Decimal("0"))
    return holder


@pytest.fixture
def verified(report_ref):
    Verification.objects.create(
        kind=report_ref.kind,
        conversation_id=report_ref.conversation_id,
        wallet_user_id="w",
        method=Verification.Method.SMS,
        verified_at=timezone.now(),
    )
    return report_ref


def test_a_closure_request_is_refused_before_verification(report_ref, empty_account, agent):
    with pytest.raises(services.SecurityDeskError, match="Verify the customer"):
        services.closure_request(ref=report_ref, by=agent, reasons=["not_used"])
    assert not ClosureRequest.objects.exists()


def test_a_closure_request_is_refused_while_the_account_holds_money(verified, holder, agent):
    with pytest.raises(services.SecurityDeskError, match=r"still holds 1520\.35 CNY"):
        services.closure_request(ref=verified, by=agent, reasons=["not_used"])


def test_an_agent_records_the_reasons_and_the_balance(verified, empty_account, agent):
    closure = services.closure_request(
        ref=verified, by=agent, reasons=["fees", "not_used"], comment="moving abroad"
    )

    assert (closure.status, closure.reasons, closure.balance) == (
        "requested",
        ["fees", "not_used"],
        Decimal("0.00"),
    )
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CLOSURE_REQUESTED).exists()


def test_the_customer_confirms_on_the_ticket_page_and_cooling_off_starts(
    client, report, verified, empty_account, agent
):
    DeskSettings.objects.create(id=1, closure_cooling_off_days=3)
    services.closure_request(ref=verified, by=agent, reasons=["not_used"])
    url = access.portal_url(report, absolute=False)

    page = client.get(url).content.decode()
    client.post(f"{url}closure/confirm/")

    closure = ClosureRequest.objects.get()
    assert "Confirm closing my account" in page
    assert closure.status == "confirmed"
    assert closure.cooling_off_until - closure.confirmed_at == dt.timedelta(days=3)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CLOSURE_CONFIRMED)
    assert (entry.actor_id, entry.object_id) == (None, str(report.pk))


def test_the_agent_cannot_close_during_the_cooling_off_period(verified, empty_account, agent):
    services.closure_request(ref=verified, by=agent, reasons=["not_used"])
    services.closure_confirm(ref=verified)

    with pytest.raises(services.SecurityDeskError, match="cooling-off period ends"):
        services.closure_complete(ref=verified, by=agent)


def test_the_agent_closes_the_account_after_the_cooling_off_period(verified, empty_account, agent):
    services.closure_request(ref=verified, by=agent, reasons=["not_used"])
    services.closure_confirm(ref=verified)

    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        services.closure_complete(ref=verified, by=agent)

    empty_account.refresh_from_db()
    assert empty_account.status == DemoAccount.Status.CLOSED
    assert ClosureRequest.objects.get().status == "completed"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CLOSURE_COMPLETED).exists()


def test_the_customer_cancels_before_it_is_closed(client, report, verified, empty_account, agent):
    services.closure_request(ref=verified, by=agent, reasons=["security"])
    url = access.portal_url(report, absolute=False)

    client.post(f"{url}closure/cancel/")

    assert ClosureRequest.objects.get().status == "cancelled"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CLOSURE_CANCELLED).exists()
