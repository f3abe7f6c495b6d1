"""The privacy desk is for supervisors, and an erasure needs a reason and a second
confirmation."""

import pytest

from core.models import AuditEntry
from tests.factories import staff_user
from tickets.models import Ticket


@pytest.fixture
def supervisor_client(client, db):
    client.force_login(staff_user("supervisor", username="sup"))
    return client


def test_agents_cannot_open_the_privacy_desk(client, db):
    client.force_login(staff_user("agent"))

    assert client.get("/en/console/privacy/").status_code == 403
    assert client.post("/en/console/privacy/erase/", {"email": "a@example.com"}).status_code == 403


def test_a_supervisor_sees_what_is_held_about_a_customer(zhao, emma, supervisor_client):
    response = supervisor_client.get("/en/console/privacy/", {"email": zhao.email})

    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.customer_id, summary.tickets, summary.chats, summary.files) == (
        zhao.user.pk,
        3,
        1,
        2,
    )


def test_an_unknown_customer_is_a_clear_message(supervisor_client):
    response = supervisor_client.get("/en/console/privacy/", {"email": "nobody@example.com"})

    assert response.status_code == 200
    assert "No customer, request or chat was found" in response.content.decode()


def test_the_first_step_asks_for_confirmation_and_erases_nothing(zhao, emma, supervisor_client):
    response = supervisor_client.post(
        "/en/console/privacy/erase/", {"email": zhao.email, "reason": "request"}
    )

    assert "Confirm the erasure" in response.content.decode()
    assert Ticket.objects.filter(customer_email=zhao.email).count() == 3


def test_without_the_second_confirmation_nothing_is_erased(zhao, emma, supervisor_client):
    response = supervisor_client.post(
        "/en/console/privacy/erase/",
        {"email": zhao.email, "reason": "request", "confirm_step": "1"},
    )

    assert response.status_code == 400
    assert Ticket.objects.filter(customer_email=zhao.email).count() == 3
    assert not AuditEntry.objects.filter(action="data_erased").exists()


def test_an_erasure_needs_a_reason(zhao, emma, supervisor_client):
    response = supervisor_client.post(
        "/en/console/privacy/erase/",
        {"email": zhao.email, "reason": "", "confirm": "on", "confirm_step": "1"},
    )

    assert response.status_code == 400
    assert Ticket.objects.filter(customer_email=zhao.email).count() == 3


def test_the_page_is_translated(supervisor_client):
    response = supervisor_client.get("/zh-hans/console/privacy/")

    assert "隐私" in response.content.decode()
