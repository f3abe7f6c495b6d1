"""One-time codes: sent through the wallet (the demo wallet e-mails them), 6 digits, valid 10
minutes, 5 tries, kept hashed, rate limited per customer and per agent; every step audited."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail

from core.models import AuditEntry
from tickets.models import TicketMessage
from wallet import services
from wallet.models import Verification

pytestmark = pytest.mark.django_db


def _request_code(ref, agent, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        services.verification_request(ref=ref, agent=agent, channel="email")
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_the_demo_wallet_emails_a_six_digit_code_to_the_registered_address(
    report_ref, holder, agent, django_capture_on_commit_callbacks
):
    code = _request_code(report_ref, agent, django_capture_on_commit_callbacks)

    assert mail.outbox[-1].to == [holder.email]
    assert len(code) == 6


def test_the_code_is_stored_only_as_a_hash(report_ref, agent, django_capture_on_commit_callbacks):
    code = _request_code(report_ref, agent, django_capture_on_commit_callbacks)

    row = Verification.objects.get()
    assert code not in row.code_hash
    assert len(row.code_hash) == 64


def test_the_customer_is_told_on_the_ticket_where_the_code_went(
    report, report_ref, agent, django_capture_on_commit_callbacks
):
    _request_code(report_ref, agent, django_capture_on_commit_callbacks)

    notice = report.messages.filter(author_kind=TicketMessage.AuthorKind.SYSTEM).get()
    assert "e***@example.com" in notice.body


def test_the_right_code_verifies_the_conversation(
    report_ref, agent, django_capture_on_commit_callbacks
):
    code = _request_code(report_ref, agent, django_capture_on_commit_callbacks)

    outcome, _tries = services.verification_check(ref=report_ref, code=code)

    assert outcome == services.Outcome.VERIFIED
    assert services.is_verified(report_ref)


def test_a_wrong_code_uses_a_try(report_ref, agent, django_capture_on_commit_callbacks):
    code = _request_code(report_ref, agent, django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    outcome, tries = services.verification_check(ref=report_ref, code=wrong)

    assert (outcome, tries) == (services.Outcome.WRONG, 4)
    assert not services.is_verified(report_ref)


def test_after_five_wrong_tries_even_the_right_code_is_refused(
    report_ref, agent, django_capture_on_commit_callbacks
):
    code = _request_code(report_ref, agent, django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        services.verification_check(ref=report_ref, code=wrong)

    outcome, _tries = services.verification_check(ref=report_ref, code=code)

    assert outcome == services.Outcome.NO_TRIES
    assert not services.is_verified(report_ref)


def test_a_code_expires_after_ten_minutes(report_ref, agent, django_capture_on_commit_callbacks):
    code = _request_code(report_ref, agent, django_capture_on_commit_callbacks)

    with time_machine.travel(dt.timedelta(minutes=10, seconds=1)):
        outcome, _tries = services.verification_check(ref=report_ref, code=code)

    assert outcome == services.Outcome.EXPIRED


def test_codes_are_rate_limited_per_customer(
    report_ref, agent, supervisor, settings, django_capture_on_commit_callbacks
):
    settings.WALLET_CODE_RATE_CUSTOMER = "1/h"
    _request_code(report_ref, agent, django_capture_on_commit_callbacks)

    with pytest.raises(services.SecurityDeskError, match="Too many codes"):
        services.verification_request(ref=report_ref, agent=supervisor, channel="sms")


def test_codes_are_rate_limited_per_agent(
    report_ref, agent, settings, django_capture_on_commit_callbacks
):
    settings.WALLET_CODE_RATE_AGENT = "1/h"
    _request_code(report_ref, agent, django_capture_on_commit_callbacks)

    with pytest.raises(services.SecurityDeskError, match="Too many codes"):
        services.verification_request(ref=report_ref, agent=agent, channel="sms")


def test_request_pass_and_failure_are_audited_with_the_customer_id_only(
    report_ref, agent, django_capture_on_commit_callbacks
):
    code = _request_code(report_ref, agent, django_capture_on_commit_callbacks)
    services.verification_check(ref=report_ref, code=f"{(int(code) + 1) % 10**6:06d}")
    services.verification_check(ref=report_ref, code=code)

    entries = AuditEntry.objects.filter(object_type="ticket").order_by("id")
    actions = list(entries.values_list("action", flat=True))
    assert actions == [
        AuditEntry.Action.VERIFICATION_REQUESTED,
        AuditEntry.Action.VERIFICATION_FAILED,
        AuditEntry.Action.VERIFICATION_PASSED,
    ]
    assert not AuditEntry.objects.filter(detail__icontains="example.com").exists()


def test_the_customer_verifies_on_the_ticket_page(
    client, report, report_ref, agent, django_capture_on_commit_callbacks
):
    from tickets import access

    code = _request_code(report_ref, agent, django_capture_on_commit_callbacks)
    url = access.portal_url(report, absolute=False)

    page = client.get(url).content.decode()
    response = client.post(f"{url}verify/", {"code": code}, follow=True)

    assert 'name="code"' in page
    assert "your identity is verified" in response.content.decode()
    assert services.is_verified(report_ref)
