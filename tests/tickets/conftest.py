import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.tickets.factories import CategoryFactory, TicketFactory, png_bytes


@pytest.fixture
def category(db):
    return CategoryFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="付款失败")


@pytest.fixture
def security_category(db):
    return CategoryFactory(
        slug="account-security",
        name_en="Account security",
        name_zh_hans="账户安全",
        is_security=True,
        default_priority="urgent",
    )


@pytest.fixture
def ticket(category, customer):
    return TicketFactory(category=category, customer=customer)


@pytest.fixture
def screenshot():
    return SimpleUploadedFile("screenshot.png", png_bytes(), content_type="image/png")


@pytest.fixture
def _open_rate_limits(settings):
    """Rate limits out of the way for tests about something else."""
    settings.TICKETS_RATE_CREATE_IP = "1000/m"
    settings.TICKETS_RATE_CREATE_EMAIL = "1000/m"
    settings.TICKETS_RATE_REPLY_IP = "1000/m"
    settings.TICKETS_RATE_REPLY_EMAIL = "1000/m"
