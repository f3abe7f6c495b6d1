"""API fixtures: keys, signed wallet identities and a client that speaks JSON."""

import time
import uuid
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from rest_framework.test import APIClient

from api import services
from tests.tickets.factories import CategoryFactory

WALLET_SECRET = "wallet-shared-secret-for-tests-0123456789"


@pytest.fixture(autouse=True)
def _wallet_secret(settings):
    settings.WALLET_IDENTITY_SECRET = WALLET_SECRET


def sign_identity(
    *,
    sub: str = "w-1001",
    email: str = "li.na@example.com",
    name: str = "Li Na",
    phone: str = "+8613800000000",
    lifetime: int = 120,
    secret: str = WALLET_SECRET,
    **claims: Any,
) -> str:
    """A signed identity as the wallet backend makes one (docs/api.md)."""
    payload = {
        "sub": sub,
        "email": email,
        "name": name,
        "phone": phone,
        "jti": uuid.uuid4().hex,
        "iat": int(time.time()),
        "exp": int(time.time()) + lifetime,
        **claims,
    }
    return jwt.encode(payload, secret, algorithm="HS256")


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def make_key(db) -> Callable[..., str]:
    def make(*scopes: str, name: str = "wallet backend") -> str:
        return services.api_key_create(name=name, scopes=scopes or ["faq:read"]).plain

    return make


def bearer(token: str, **headers: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}


@pytest.fixture
def exchange(api) -> Callable[..., str]:
    """Exchange a signed identity for a customer token; returns the token."""

    def do(**claims: Any) -> str:
        response = api.post(
            "/api/v1/identity/exchange", {"identity": sign_identity(**claims)}, format="json"
        )
        assert response.status_code == 200, response.content
        return response.json()["token"]

    return do


@pytest.fixture
def topic(db):
    return CategoryFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="付款失败")


@pytest.fixture
def _open_rate_limits(settings):
    settings.TICKETS_RATE_CREATE_EMAIL = "1000/m"
    settings.TICKETS_RATE_REPLY_EMAIL = "1000/m"
    settings.API_RATE_PER_CUSTOMER = "1000/m"
    settings.API_RATE_PER_KEY = "1000/m"
