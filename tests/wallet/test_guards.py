"""What the server refuses until the customer is verified in the conversation: showing
transactions (panel and lookup), unfreezing; and allows after."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from wallet import services
from wallet.models import Verification

pytestmark = pytest.mark.django_db


def _verify(ref) -> None:
    Verification.objects.create(
        kind=ref.kind,
        conversation_id=ref.conversation_id,
        wallet_user_id="w",
        method=Verification.Method.SMS,
        verified_at="2026-11-30T10:00:00Z",
    )


def test_the_workspace_shows_status_but_no_transactions_before_verification(client, report, agent):
    client.force_login(agent)

    html = client.get(reverse("tickets_console:detail", args=[report.reference])).content.decode()

    assert "Wallet account" in html
    assert "data-transactions" not in html
    assert "Transactions are shown once the customer is verified" in html
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED_WALLET).exists()


def test_the_workspace_shows_transactions_after_verification(client, report, report_ref, agent):
    _verify(report_ref)
    client.force_login(agent)

    html = client.get(reverse("tickets_console:detail", args=[report.reference])).content.decode()

    assert "data-transactions" in html
    assert "TXN-20261122-0003" in html
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED_TRANSACTIONS).exists()


def test_a_transaction_lookup_is_refused_before_verification(client, report, agent):
    client.force_login(agent)
    url = reverse("wallet_console:transaction", args=["ticket", report.pk, "TXN-20261122-0003"])

    response = client.get(url)

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED_TRANSACTIONS).exists()


def test_a_transaction_lookup_is_shown_after_verification(client, report, report_ref, agent):
    _verify(report_ref)
    client.force_login(agent)
    url = reverse("wallet_console:transaction", args=["ticket", report.pk, "TXN-20261122-0003"])

    response = client.get(url)

    assert response.status_code == 200
    assert "-1999.00" in response.content.decode()


def test_the_unfreeze_view_refuses_before_verification(client, report, holder, supervisor):
    holder.frozen = True
    holder.save()
    client.force_login(supervisor)

    client.post(
        reverse("wallet_console:unfreeze", args=["ticket", report.pk]), {"reason": "ok now"}
    )

    holder.refresh_from_db()
    assert holder.frozen


def test_require_verified_passes_after_verification(report_ref):
    _verify(report_ref)

    services.require_verified(report_ref)


def test_the_freeze_button_works_from_the_workspace(client, report, holder, agent):
    client.force_login(agent)

    response = client.post(
        reverse("wallet_console:freeze", args=["ticket", report.pk]),
        {"reason": "unauthorised payment"},
    )

    holder.refresh_from_db()
    assert holder.frozen
    assert response["Location"].endswith(f"/console/tickets/{report.reference}/#wallet")


def test_customers_cannot_use_the_console_actions(client, report, holder, customer):
    client.force_login(customer)

    response = client.post(
        reverse("wallet_console:freeze", args=["ticket", report.pk]), {"reason": "x"}
    )

    assert response.status_code == 403


def _frozen_and_verified(holder, report_ref) -> None:
    holder.frozen = True
    holder.save()
    _verify(report_ref)


def test_an_agent_cannot_unfreeze_without_the_second_confirmation(
    client, report, report_ref, holder, agent
):
    _frozen_and_verified(holder, report_ref)
    client.force_login(agent)

    response = client.post(
        reverse("wallet_console:unfreeze", args=["ticket", report.pk]),
        {"reason": "customer verified by code"},
        follow=True,
    )

    holder.refresh_from_db()
    assert holder.frozen
    assert "Confirm that you checked the customer" in response.content.decode()


def test_an_agent_unfreezes_with_the_second_confirmation(client, report, report_ref, holder, agent):
    _frozen_and_verified(holder, report_ref)
    client.force_login(agent)

    client.post(
        reverse("wallet_console:unfreeze", args=["ticket", report.pk]),
        {"reason": "customer verified by code", "confirm": "on"},
    )

    holder.refresh_from_db()
    assert not holder.frozen
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UNFREEZE)
    assert entry.detail == {"reason": "customer verified by code", "supervisor": False}


def test_a_supervisor_unfreezes_without_a_second_confirmation(
    client, report, report_ref, holder, supervisor
):
    _frozen_and_verified(holder, report_ref)
    client.force_login(supervisor)

    client.post(
        reverse("wallet_console:unfreeze", args=["ticket", report.pk]),
        {"reason": "customer verified by code"},
    )

    holder.refresh_from_db()
    assert not holder.frozen


def test_the_panel_asks_an_agent_but_not_a_supervisor_to_confirm(
    client, report, report_ref, holder, agent, supervisor
):
    _frozen_and_verified(holder, report_ref)
    page = reverse("tickets_console:detail", args=[report.reference])

    client.force_login(agent)
    as_agent = client.get(page).content.decode()
    client.force_login(supervisor)
    as_supervisor = client.get(page).content.decode()

    assert 'name="confirm"' in as_agent
    assert 'name="confirm"' not in as_supervisor
