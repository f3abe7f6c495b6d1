import pytest

from tests.tickets.factories import TicketFactory
from tests.tickets.test_create_view import form_data
from tickets.access import portal_url
from tickets.models import Ticket

# The limits count in windows aligned on the clock: no window ends mid-test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_early_in_an_hour")]


def test_creation_is_limited_per_ip(client, category, settings):
    settings.TICKETS_RATE_CREATE_IP = "2/h"
    settings.TICKETS_RATE_CREATE_EMAIL = "100/h"
    for n in range(2):
        client.post("/en/requests/new/", form_data(category, email=f"p{n}@example.com"))

    response = client.post("/en/requests/new/", form_data(category, email="p3@example.com"))

    assert response.status_code == 429
    assert "too many requests" in response.content.decode()
    assert "Payment failed at the supermarket" in response.content.decode()
    assert Ticket.objects.count() == 2


def test_creation_is_limited_per_email_across_ips(client, category, settings):
    settings.TICKETS_RATE_CREATE_IP = "100/h"
    settings.TICKETS_RATE_CREATE_EMAIL = "1/h"
    client.post("/en/requests/new/", form_data(category), REMOTE_ADDR="10.0.0.1")

    response = client.post(
        "/en/requests/new/", form_data(category, email="EMMA@example.com"), REMOTE_ADDR="10.0.0.2"
    )

    assert response.status_code == 429
    assert Ticket.objects.count() == 1


def test_rate_limit_message_is_translated(client, category, settings):
    settings.TICKETS_RATE_CREATE_IP = "0/h"

    response = client.post("/zh-hans/requests/new/", form_data(category))

    assert "您提交得太频繁了" in response.content.decode()


def test_replies_are_limited_per_ticket_email(client, category, settings):
    settings.TICKETS_RATE_REPLY_IP = "100/h"
    settings.TICKETS_RATE_REPLY_EMAIL = "1/h"
    ticket = TicketFactory(category=category)
    page = portal_url(ticket, absolute=False)
    client.post(f"{page}reply/", {"body": "first"})

    response = client.post(f"{page}reply/", {"body": "second"})

    assert response.status_code == 429
    assert list(ticket.messages.values_list("body", flat=True)) == [
        "The payment failed with an error although my balance is enough.",
        "first",
    ]


def test_behind_a_proxy_each_client_has_its_own_limit(client, category, settings):
    settings.TRUSTED_PROXIES = 1
    settings.TICKETS_RATE_CREATE_IP = "1/h"
    settings.TICKETS_RATE_CREATE_EMAIL = "100/h"

    def post(client_address, email):
        return client.post(
            "/en/requests/new/",
            form_data(category, email=email),
            REMOTE_ADDR="172.18.0.5",  # the proxy
            HTTP_X_FORWARDED_FOR=client_address,
        )

    first = post("203.0.113.1", "a@example.com")
    other_client = post("203.0.113.2", "b@example.com")
    first_again = post("203.0.113.1", "c@example.com")

    assert (first.status_code, other_client.status_code) == (302, 302)
    assert first_again.status_code == 429
    assert Ticket.objects.count() == 2
