"""Contract tests of PostgreSQL-only shortcuts are deselected (not skipped) on the embedded
pass, where the shortcut does not exist: nothing there to compare with the plain way."""

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items) -> None:
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture
def topic_fields():
    """What an admin types for a topic; each test adds its own slug."""
    return {
        "name_zh_hans": "付款失败",
        "name_en": "Payment failed",
        "description_zh_hans": "说明",
        "description_en": "About it",
        "default_priority": "high",
        "is_security": True,
        "position": 3,
    }


@pytest.fixture
def category(db):
    from tests.tickets.factories import CategoryFactory

    return CategoryFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="付款失败")
