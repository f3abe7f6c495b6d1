import pytest

from tests.tickets.factories import CategoryFactory


@pytest.fixture
def category(db):
    return CategoryFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="付款失败")


@pytest.fixture
def _rates_open(settings):
    settings.EMAIL_AUTO_REPLY_RATE = "1000/h"
