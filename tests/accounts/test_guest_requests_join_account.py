"""Once an address is confirmed, requests and chats sent from it without signing in join the
account too (those sent before joined when it was confirmed); never an unconfirmed one, never
a staff account."""

import pytest
from django.utils import timezone

from accounts.models import CustomerProfile
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import UserFactory, staff_user
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db


def account(email: str, *, confirmed: bool, **extra):
    user = UserFactory(email=email, **extra)
    CustomerProfile.objects.create(
        user=user, language="en", email_verified_at=timezone.now() if confirmed else None
    )
    return user


def test_a_guest_request_from_a_confirmed_address_joins_its_account(category):
    owner = account("Li.Wei@example.com", confirmed=True)

    ticket = TicketFactory(category=category, email="li.wei@EXAMPLE.com")

    assert ticket.customer == owner


def test_an_unconfirmed_address_gets_nothing(category):
    account("zhao@example.com", confirmed=False)

    ticket = TicketFactory(category=category, email="zhao@example.com")

    assert ticket.customer is None


def test_a_staff_address_gets_nothing(category):
    staff = staff_user("agent", email="agent@example.com")
    CustomerProfile.objects.create(user=staff, language="en", email_verified_at=timezone.now())

    ticket = TicketFactory(category=category, email="agent@example.com")

    assert ticket.customer is None


def test_a_guest_chat_from_a_confirmed_address_joins_its_account():
    owner = account("chat.user@example.com", confirmed=True)
    PresenceFactory(user=staff_user("agent"))

    conversation = ConversationFactory(email="chat.user@example.com")

    assert conversation.customer == owner
