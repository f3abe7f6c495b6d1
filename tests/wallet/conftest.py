from collections.abc import Iterator

import pytest

from tests.wallet.server import SECRET, FakeWallet


@pytest.fixture
def fake_wallet() -> Iterator[FakeWallet]:
    """A real HTTP wallet on a free loopback port."""
    server = FakeWallet().start()
    yield server
    server.stop()


@pytest.fixture
def http_wallet(fake_wallet: FakeWallet, settings) -> FakeWallet:
    """The help center configured to call ``fake_wallet`` (short timeout for the slow case)."""
    settings.WALLET_API_URL = fake_wallet.url
    settings.WALLET_API_SECRET = SECRET
    settings.WALLET_API_TIMEOUT = 0.5
    settings.WALLET_BACKEND = "wallet.http_wallet.HttpWallet"
    return fake_wallet


@pytest.fixture
def security_topic(db):
    from tests.tickets.factories import CategoryFactory

    return CategoryFactory(
        slug="account-security",
        name_en="Account security",
        name_zh_hans="账户安全",
        is_security=True,
        default_priority="urgent",
    )


@pytest.fixture
def holder(db):
    """A demo-wallet account with one transaction."""
    from tests.wallet.factories import DemoAccountFactory, DemoTransactionFactory

    account = DemoAccountFactory(email="emma.clark@example.com")
    DemoTransactionFactory(account=account, number="TXN-20261122-0003")
    return account


@pytest.fixture
def report(security_topic, holder):
    """A security report (ticket) from the demo account's holder, in English."""
    from tests.tickets.factories import TicketFactory

    return TicketFactory(
        category=security_topic,
        email=holder.email,
        language="en",
        transaction_number="TXN-20261122-0003",
        subject="Money left my account without me",
    )


@pytest.fixture
def report_ref(report):
    from tickets.services import ticket_ref

    return ticket_ref(report)


@pytest.fixture
def category(db):
    from tests.tickets.factories import CategoryFactory

    return CategoryFactory(slug="payment-failed")


@pytest.fixture(autouse=True)
def _english():
    """Services' messages in English (the site's default is Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield
