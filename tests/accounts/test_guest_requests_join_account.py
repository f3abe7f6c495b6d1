"""Once an address is confirmed, requests and chats sent from it without signing in join the
account too (those sent before joined when it was confirmed); never an unconfirmed one, never
a staff account."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import CustomerProfile
from accounts.selectors import verified_customer_for
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


def test_the_lookup_equals_the_plain_queryset():
    # accounts.selectors.verified_customer_for is one SQL string for speed; it must answer
    # what the plain queryset answers, for every kind of account.
    account("one@example.com", confirmed=True)
    account("ONE@example.com", confirmed=True, username="second-one")
    account("two@example.com", confirmed=False)
    account("gone@example.com", confirmed=True, is_active=False)
    staff = staff_user("agent", email="staff@example.com")
    CustomerProfile.objects.create(user=staff, language="en", email_verified_at=timezone.now())
    UserFactory(email="noprofile@example.com")

    for email in [
        "one@example.com",
        " One@Example.com ",
        "two@example.com",
        "gone@example.com",
        "staff@example.com",
        "noprofile@example.com",
        "nobody@example.com",
        "",
    ]:
        plain = (
            get_user_model()
            .objects.annotate(email_lower=Lower("email"))
            .filter(
                email_lower=email.strip().lower(),
                is_active=True,
                is_staff=False,
                customer_profile__email_verified_at__isnull=False,
            )
            .order_by("pk")
            .first()
        )
        assert verified_customer_for(email) == plain, email
