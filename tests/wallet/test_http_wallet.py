"""The HTTP wallet against a real local wallet server: signed requests and answers, and a
wallet that is slow, failing or not signing its answers gives WalletUnavailable (the message
agents see), never anything else."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from wallet.adapter import WalletUnavailable, wallet


def test_customer_lookup_by_email_returns_the_signed_answer(http_wallet) -> None:
    customer = wallet().customer(email="emma.clark@example.com")

    assert customer.wallet_user_id == "w-1001"
    assert customer.verification_level == "full"
    assert customer.balance == Decimal("1520.35")
    assert http_wallet.requests == [("customers/lookup", {"email": "emma.clark@example.com"})]


def test_an_unknown_customer_is_none(http_wallet) -> None:
    assert wallet().customer(email="nobody@example.com") is None


def test_transactions_and_one_transaction_by_number(http_wallet) -> None:
    recent = wallet().transactions(wallet_user_id="w-1001", limit=5)
    one = wallet().transaction(wallet_user_id="w-1001", number="TX20261130001")

    assert [t.number for t in recent] == ["TX20261130001"]
    assert one.amount == Decimal("-200.00")
    assert one.created_at == dt.datetime(2026, 11, 29, 8, 15, tzinfo=dt.UTC)
    assert one.counterparty == "**** 4821"


def test_freeze_sends_the_reason_and_returns_the_frozen_account(http_wallet) -> None:
    customer = wallet().freeze(wallet_user_id="w-1001", reason="stolen phone")

    assert customer.frozen is True
    assert http_wallet.requests[-1] == (
        "accounts/freeze",
        {"wallet_user_id": "w-1001", "reason": "stolen phone"},
    )


def test_close_returns_the_closed_account(http_wallet) -> None:
    customer = wallet().close(wallet_user_id="w-1001", reason="not_used")

    assert customer.status == "closed"


def test_send_code_returns_the_masked_destination(http_wallet) -> None:
    destination = wallet().send_code(
        wallet_user_id="w-1001", code="123456", channel="sms", language="en"
    )

    assert destination == "*** **** 1234"


def test_a_slow_wallet_times_out_as_unavailable(http_wallet) -> None:
    http_wallet.mode = "slow"

    with pytest.raises(WalletUnavailable):
        wallet().customer(email="emma.clark@example.com")


def test_a_server_error_is_unavailable(http_wallet) -> None:
    http_wallet.mode = "error"

    with pytest.raises(WalletUnavailable):
        wallet().transactions(wallet_user_id="w-1001")


def test_an_answer_with_a_bad_signature_is_unavailable(http_wallet) -> None:
    http_wallet.mode = "bad_signature"

    with pytest.raises(WalletUnavailable):
        wallet().freeze(wallet_user_id="w-1001", reason="stolen phone")


def test_a_wallet_that_is_down_is_unavailable(http_wallet) -> None:
    http_wallet.stop()

    with pytest.raises(WalletUnavailable):
        wallet().customer(email="emma.clark@example.com")


def test_a_request_signed_with_another_secret_is_refused_by_the_wallet(
    http_wallet, settings
) -> None:
    settings.WALLET_API_SECRET = "not-the-secret"

    with pytest.raises(WalletUnavailable):
        wallet().customer(email="emma.clark@example.com")
    assert http_wallet.requests == []


def test_agents_are_told_the_wallet_is_not_answering_in_their_language() -> None:
    with translation.override("zh-hans"):
        message = str(WalletUnavailable.message)

    assert message == "钱包系统没有响应。请几分钟后再试；没有做任何更改。"
