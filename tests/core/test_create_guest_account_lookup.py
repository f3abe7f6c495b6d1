"""A guest's request finds the account whose confirmed address it came from inside the
request's own statement (``lifecycle._insert_guest_request``) on PostgreSQL. It links exactly
what the plain way links (``accounts.selectors.account_for`` before the rows are built): the
ticket's customer, the first message's author, the "created" event's actor and the
confirmation's recipient, for every kind of account, and costs no statement of its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import CustomerProfile
from accounts.selectors import account_for
from core import db
from tests.factories import UserFactory, staff_user
from tickets import services
from tickets.models import Notification, TicketEvent, TicketMessage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]


def account(email, *, confirmed, **extra):
    user = UserFactory(email=email, **extra)
    CustomerProfile.objects.create(
        user=user, language="en", email_verified_at=timezone.now() if confirmed else None
    )
    return user


def create(category, email, customer=None):
    return services.ticket_create(
        category=category,
        subject="Payment failed",
        description="The payment failed although my balance is enough.",
        email=email,
        name="Ana",
        language="en",
        customer=customer,
    )


def linked(ticket):
    """The account ids the request's four rows hold."""
    return (
        type(ticket).objects.get(pk=ticket.pk).customer_id,
        TicketMessage.objects.get(ticket=ticket).author_id,
        TicketEvent.objects.get(ticket=ticket).actor_id,
        Notification.objects.get(ticket=ticket).recipient_id,
    )


def test_a_guest_request_links_the_accounts_the_plain_lookup_finds(category):
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
    ]:
        plain = account_for(None, email)
        ticket = create(category, email)

        expected = plain.pk if plain else None
        assert linked(ticket) == (expected,) * 4, email
        assert ticket.customer == plain, email


def test_the_lookup_is_part_of_the_requests_one_statement(category):
    owner = account("li.wei@example.com", confirmed=True)
    create(category, "warm-up@example.com")  # ids reserved, SQL made

    with CaptureQueriesContext(connection) as queries:
        ticket = create(category, "Li.Wei@example.com")

    # Ids come from the sequences twenty at a time: a create may refill one of the batches.
    run = db.sql_run(connection, queries.captured_queries)
    assert [sql for sql in run if not sql.startswith("SELECT nextval(")] == [run[-1]]
    assert "INSERT INTO" in run[-1]
    assert linked(ticket) == (owner.pk,) * 4


def test_a_signed_in_customer_is_linked_without_a_lookup(category):
    owner = account("me@example.com", confirmed=True)
    other = account("other@example.com", confirmed=True)

    ticket = create(category, "other@example.com", customer=owner)

    assert linked(ticket) == (owner.pk,) * 4
    assert other.pk not in linked(ticket)
