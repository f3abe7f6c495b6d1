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
