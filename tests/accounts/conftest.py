import pytest

from tests.tickets.factories import CategoryFactory


@pytest.fixture
def category(db):
    return CategoryFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="支付失败")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Sign-ups, sign-ins and password checks in every test; the hasher's cost is not their point.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
