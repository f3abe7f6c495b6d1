"""The SSRF rule: no loopback, private or link-local target unless the setting allows it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.tickets.factories import TicketFactory
from webhooks import services, targets
from webhooks.models import Attempt, Delivery, Subscription


@pytest.fixture
def private_targets_refused(settings) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False


@pytest.mark.usefixtures("private_targets_refused")
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hooks",
        "http://10.20.30.40/hooks",
        "https://169.254.169.254/latest/meta-data",
        "http://[::1]:8080/hooks",
        "http://[::ffff:127.0.0.1]/hooks",
        "http://localhost/hooks",
        "http://192.168.1.10/hooks",
    ],
)
def test_internal_targets_are_refused(url):
    with pytest.raises(ValidationError):
        targets.check_target(url)


@pytest.mark.usefixtures("private_targets_refused")
def test_a_url_with_credentials_is_refused():
    with pytest.raises(ValidationError):
        targets.check_target("http://user:secret@example.com/hooks")


def test_the_setting_allows_loopback():
    targets.check_target("http://127.0.0.1:9/hooks")


@pytest.mark.usefixtures("private_targets_refused")
def test_the_admin_refuses_a_loopback_subscription(admin_client):
    response = admin_client.post(
        reverse("admin:webhooks_subscription_add"),
        {"name": "Inside", "url": "http://127.0.0.1:9/hooks", "events": ["ticket.created"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Webhooks cannot go to loopback, private or link-local addresses." in (
        response.content.decode()
    )
    assert not Subscription.objects.exists()


def test_the_admin_creates_a_subscription_with_a_secret(admin_client, receiver):
    admin_client.post(
        reverse("admin:webhooks_subscription_add"),
        {"name": "Wallet", "url": receiver.url, "events": ["ticket.created"], "is_active": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    subscription = Subscription.objects.get()
    assert subscription.events == ["ticket.created"]
    assert subscription.secret.startswith("whsec_")


def test_a_target_that_turned_internal_is_refused_at_send_time(subscription, receiver, settings):
    TicketFactory()
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False

    assert not services.delivery_send(delivery_id=Delivery.objects.get().pk)

    assert receiver.requests == []
    assert Attempt.objects.get().response_excerpt == (
        "Webhooks cannot go to loopback, private or link-local addresses."
    )


def test_a_redirect_is_not_followed(subscription, receiver):
    receiver.answer = 307
    TicketFactory()

    assert not services.delivery_send(delivery_id=Delivery.objects.get().pk)

    assert [r.path for r in receiver.requests] == ["/hooks"]
    assert Attempt.objects.get().status_code == 307
