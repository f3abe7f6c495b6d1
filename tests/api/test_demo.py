import pytest

from api import demo
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def test_the_demo_key_opens_the_demo_wallet_users_requests(api, topic):
    demo.load()
    demo.load()  # idempotent, as seed_demo is

    response = api.get(
        "/api/v1/tickets",
        **bearer(
            f"hck_demo0000_{demo.DEMO_KEY_SECRET}", HTTP_X_WALLET_USER_ID=demo.DEMO_WALLET_USER
        ),
    )

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
