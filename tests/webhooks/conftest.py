from collections.abc import Iterator

import pytest

from tests.factories import UserFactory
from tests.webhooks.factories import SubscriptionFactory
from tests.webhooks.receiver import Receiver


@pytest.fixture(autouse=True)
def _webhook_settings(settings, monkeypatch) -> None:
    """The receiver listens on loopback; a short timeout keeps the hanging case quick. The
    environment is for Celery workers the test starts."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1.0
    monkeypatch.setenv("WEBHOOKS_ALLOW_PRIVATE_TARGETS", "1")
    monkeypatch.setenv("WEBHOOKS_TIMEOUT_SECONDS", "1")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def subscription(db, receiver):
    return SubscriptionFactory(url=receiver.url)


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="root", email="root@wallet.example", is_staff=True, is_superuser=True
    )
