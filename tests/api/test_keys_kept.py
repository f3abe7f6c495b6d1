"""API keys and the wallet users a key acts for, kept in the process's memory for a few seconds
(api.services.keys.api_key_kept, api.services.identity.wallet_customer_kept): the same answers
as reading the database, and a revocation or deactivation still takes effect quickly."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import WalletIdentity
from api import services
from api.models import ApiKey
from api.services import identity, keys
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def later(monkeypatch, seconds):
    start = keys._clock()
    monkeypatch.setattr(keys, "_clock", lambda: start + seconds)


def test_the_kept_key_is_the_key_the_database_gives(make_key):
    plain = make_key("tickets:customer")
    wrong = plain[:-4] + ("AAAA" if not plain.endswith("AAAA") else "BBBB")

    assert keys.api_key_kept(plain) == keys.api_key_lookup(plain) == ApiKey.objects.get()
    assert keys.api_key_kept(plain) == keys.api_key_lookup(plain)  # the second from memory
    assert keys.api_key_kept(wrong) is keys.api_key_lookup(wrong) is None
    assert keys.api_key_kept("hck_nothing_here") is keys.api_key_lookup("hck_nothing_here")
    assert keys.api_key_kept("not-a-key") is keys.api_key_lookup("not-a-key") is None


def test_a_used_key_costs_no_query_while_it_is_kept(make_key, django_assert_num_queries):
    plain = make_key("faq:read")
    keys.api_key_authenticate(plain)

    with django_assert_num_queries(0):
        found = keys.api_key_authenticate(plain)

    assert found == ApiKey.objects.get()


def test_a_key_revoked_in_this_process_is_refused_at_once(api, make_key):
    plain = make_key("faq:read")
    assert api.get("/api/v1/faq/categories", **bearer(plain)).status_code == 200

    services.api_key_revoke(api_key=ApiKey.objects.get())

    assert api.get("/api/v1/faq/categories", **bearer(plain)).status_code == 401


def test_a_key_edited_in_admin_is_read_again_at_once(make_key):
    plain = make_key("faq:read")
    keys.api_key_authenticate(plain)
    key = ApiKey.objects.get()

    key.scopes = ["tickets:customer"]
    key.save()

    assert keys.api_key_authenticate(plain).scopes == ["tickets:customer"]


def test_a_key_revoked_by_another_process_is_refused_within_the_kept_seconds(
    api, make_key, monkeypatch
):
    plain = make_key("faq:read")
    assert api.get("/api/v1/faq/categories", **bearer(plain)).status_code == 200
    # Another process's revocation: no signal reaches this one.
    ApiKey.objects.update(revoked_at="2026-01-01T00:00:00Z")

    later(monkeypatch, keys.KEY_KEPT_SECONDS)

    assert api.get("/api/v1/faq/categories", **bearer(plain)).status_code == 401


def test_the_kept_wallet_customer_is_the_one_the_database_gives(make_key, exchange):
    exchange(sub="w-1", email="one@example.com")

    kept = identity.wallet_customer_kept("w-1")

    assert kept == identity.wallet_customer_lookup("w-1") == WalletIdentity.objects.get().user
    assert identity.wallet_customer_kept("w-1") is not kept  # each request its own copy
    assert identity.wallet_customer_kept("w-2") is identity.wallet_customer_lookup("w-2") is None


def test_a_customer_deactivated_in_this_process_is_refused_at_once(api, make_key, exchange):
    exchange(sub="w-1", email="one@example.com")
    plain = make_key("tickets:customer")
    headers = bearer(plain, HTTP_X_WALLET_USER_ID="w-1")
    assert api.get("/api/v1/tickets", **headers).status_code == 200
    user = WalletIdentity.objects.get().user

    user.is_active = False
    user.save()

    assert api.get("/api/v1/tickets", **headers).status_code == 403


def test_a_customer_deactivated_by_another_process_is_refused_within_the_kept_seconds(
    api, make_key, exchange, monkeypatch
):
    exchange(sub="w-1", email="one@example.com")
    headers = bearer(make_key("tickets:customer"), HTTP_X_WALLET_USER_ID="w-1")
    assert api.get("/api/v1/tickets", **headers).status_code == 200
    get_user_model().objects.filter(wallet_identity__wallet_user_id="w-1").update(is_active=False)

    start = identity._clock()
    monkeypatch.setattr(identity, "_clock", lambda: start + identity.WALLET_CUSTOMER_KEPT_SECONDS)

    assert api.get("/api/v1/tickets", **headers).status_code == 403
