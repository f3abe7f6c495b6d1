import hashlib
import io
import re

import pytest
from django.core.management import call_command

from api import services
from api.models import ApiKey
from tests.api.conftest import bearer, sign_identity
from tests.faq.factories import ArticleFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_only_as_its_hash():
    created = services.api_key_create(name="wallet", scopes=["faq:read"])

    row = ApiKey.objects.get()
    assert created.plain.startswith(f"hck_{row.prefix}_")
    assert row.secret_hash == hashlib.sha256(created.plain.encode()).hexdigest()
    assert created.plain not in str(list(ApiKey.objects.values()))


def test_a_key_with_faq_read_reads_the_knowledge_base(api, make_key):
    ArticleFactory()

    response = api.get("/api/v1/faq/categories", **bearer(make_key("faq:read")))

    assert response.status_code == 200
    assert response.json()[0]["article_count"] == 1


def test_a_wrong_secret_with_a_real_prefix_is_refused(api, make_key):
    plain = make_key("faq:read")
    forged = plain[:-4] + ("AAAA" if not plain.endswith("AAAA") else "BBBB")

    response = api.get("/api/v1/faq/categories", **bearer(forged))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_key_stops_working(api, make_key):
    plain = make_key("faq:read")
    services.api_key_revoke(api_key=ApiKey.objects.get())

    assert api.get("/api/v1/faq/categories", **bearer(plain)).status_code == 401


def test_a_faq_key_cannot_reach_customers_or_staff_endpoints(api, make_key):
    plain = make_key("faq:read")

    assert api.get("/api/v1/tickets", **bearer(plain)).status_code == 403
    assert api.get("/api/v1/staff/tickets", **bearer(plain)).status_code == 403


def test_a_customer_key_without_a_wallet_user_is_no_customer(api, make_key):
    response = api.get("/api/v1/tickets", **bearer(make_key("tickets:customer")))

    assert response.status_code == 403


def test_a_customer_key_acts_for_a_wallet_user_who_signed_in(api, make_key, exchange):
    exchange(sub="w-55", email="acting@example.com")

    response = api.get(
        "/api/v1/me", **bearer(make_key("tickets:customer"), HTTP_X_WALLET_USER_ID="w-55")
    )

    assert response.json()["email"] == "acting@example.com"


def test_a_key_without_the_customer_scope_cannot_act_for_a_wallet_user(api, make_key, exchange):
    exchange(sub="w-56")

    response = api.get("/api/v1/me", **bearer(make_key("faq:read"), HTTP_X_WALLET_USER_ID="w-56"))

    assert response.status_code == 403


def test_the_last_use_of_a_key_is_recorded(api, make_key):
    plain = make_key("faq:read")

    api.get("/api/v1/faq/categories", **bearer(plain))

    assert ApiKey.objects.get().last_used_at is not None


def test_the_command_prints_the_key_once_and_revokes_it(api):
    out = io.StringIO()
    call_command("apikey", "create", "--name", "app", "--scopes", "faq:read,staff", stdout=out)
    plain = out.getvalue().strip()
    assert ApiKey.objects.get().scopes == ["faq:read", "staff"]
    assert api.get("/api/v1/faq/categories", **bearer(plain)).status_code == 200

    call_command("apikey", "revoke", plain.split("_")[1], stdout=io.StringIO())

    assert api.get("/api/v1/faq/categories", **bearer(plain)).status_code == 401


def test_admin_shows_a_new_key_once(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-123456-x")
    client.force_login(admin)

    response = client.post(
        "/admin/api/apikey/add/",
        {"name": "Wallet app", "scopes": ["tickets:customer"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    api_key = ApiKey.objects.get()
    plain = re.search(r'value="(hck_[^"]+)"', response.content.decode()).group(1)
    assert services.api_key_authenticate(plain) == api_key
    page = client.get(f"/admin/api/apikey/{api_key.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert plain not in page.content.decode()


def test_unknown_scopes_are_refused():
    with pytest.raises(Exception, match="Unknown scope"):
        services.api_key_create(name="x", scopes=["everything"])


def test_identity_exchange_needs_no_key(api):
    response = api.post("/api/v1/identity/exchange", {"identity": sign_identity()}, format="json")

    assert response.status_code == 200


def test_staff_signed_in_to_the_site_are_not_customers_of_the_api(client, agent, topic):
    TicketFactory(category=topic)
    client.force_login(agent)

    assert client.get("/api/v1/tickets").status_code == 403
