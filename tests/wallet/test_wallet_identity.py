"""A customer who came signed in from the wallet app: found by the wallet user id the wallet
signed (not by e-mail), and counted as verified, so they may freeze their own account."""

import pytest
from django.utils import timezone

from accounts.models import WalletIdentity
from tests.factories import UserFactory
from tests.tickets.factories import TicketFactory
from tests.wallet.factories import DemoAccountFactory
from tickets.services import ticket_ref
from wallet import selectors, services

pytestmark = pytest.mark.django_db


def wallet_user(wallet_user_id: str, email: str):
    user = UserFactory(email=email)
    WalletIdentity.objects.create(
        user=user, wallet_user_id=wallet_user_id, last_signed_in_at=timezone.now()
    )
    return user


def test_a_wallet_user_is_found_by_their_wallet_id_not_their_email(security_topic):
    account = DemoAccountFactory(wallet_user_id="w-42", email="old@example.com")
    DemoAccountFactory(wallet_user_id="w-43", email="new@example.com")
    user = wallet_user("w-42", "new@example.com")
    ticket = TicketFactory(category=security_topic, customer=user)

    found = selectors.wallet_customer_for(email=ticket.customer_email, customer_id=user.pk)

    assert found.wallet_user_id == account.wallet_user_id


def test_a_wallet_user_counts_as_verified_and_may_freeze_their_own_account(security_topic):
    account = DemoAccountFactory(wallet_user_id="w-77", email="li.na@example.com")
    user = wallet_user("w-77", "li.na@example.com")
    ref = ticket_ref(TicketFactory(category=security_topic, customer=user))

    services.account_freeze(ref=ref, reason="my phone was stolen")

    account.refresh_from_db()
    assert ref.wallet_signed_in is True
    assert account.frozen


def test_a_guest_is_not_signed_in_from_the_wallet(security_topic):
    DemoAccountFactory(wallet_user_id="w-78", email="guest@example.com")
    ref = ticket_ref(TicketFactory(category=security_topic, email="guest@example.com"))

    assert ref.wallet_signed_in is False
