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
