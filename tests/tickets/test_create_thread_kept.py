"""The API answers a new request with its thread; ``selectors.ticket_thread_new`` gives it
from what ``ticket_create`` kept in memory (PostgreSQL's one-statement path) and equals the
thread read back from the database."""

import pytest
from django.db import connection

from api.present import ticket_out
from tickets import selectors, services

pytestmark = pytest.mark.django_db(transaction=True)


def create(category, customer=None):
    return services.ticket_create(
        category=category,
        subject="Payment failed",
        description="  The payment failed although my balance is enough.  ",
        email="ana@example.com",
        name="Ana",
        language="en",
        customer=customer,
    )


def test_the_kept_thread_of_a_new_request_equals_the_stored_one(category):
    ticket = create(category)

    kept = selectors.ticket_thread_new(ticket=ticket)

    stored = selectors.ticket_thread(ticket=ticket, staff=False)
    assert ticket_out(ticket, kept, staff=False, new=True) == ticket_out(
        ticket, stored, staff=False, new=True
    )
    assert [m.pk for m in kept] == [m.pk for m in stored]


def test_the_kept_thread_of_a_signed_in_customer_names_them(category, django_user_model):
    customer = django_user_model.objects.create_user("ana", "ana@example.com", "pw")
    ticket = create(category, customer=customer)

    kept = selectors.ticket_thread_new(ticket=ticket)

    stored = selectors.ticket_thread(ticket=ticket, staff=False)
    assert ticket_out(ticket, kept, staff=False, new=True) == ticket_out(
        ticket, stored, staff=False, new=True
    )
    assert kept[0].author == stored[0].author == customer


def test_on_postgresql_a_new_request_reads_no_thread_back(category, django_assert_num_queries):
    ticket = create(category)

    # SQLite writes the rows one by one (no one-statement path), and reads them back.
    with django_assert_num_queries(0 if connection.vendor == "postgresql" else 2):
        selectors.ticket_thread_new(ticket=ticket)
