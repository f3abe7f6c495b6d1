import pytest
import time_machine
from django.test import override_settings

from chat.models import WidgetOrigin
from tests.faq.factories import ArticleFactory
from tests.tickets.factories import TicketFactory
from tickets import access

# The whole policy, directive by directive: no inline script or style anywhere, no nonce.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def directives(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources} (its order carries no meaning)."""
    parts = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in parts}


@pytest.mark.django_db
def test_pages_send_nosniff_frame_deny_and_referrer_policy(client):
    response = client.get("/en/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/en/", "/zh-hans/", "/en/search/?q=refund", "/en/requests/new/", "/en/chat/"]
)
def test_public_pages_send_the_content_security_policy(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert directives(response) == POLICY


@pytest.mark.django_db
def test_article_page_and_its_shared_copy_send_the_content_security_policy(client):
    article = ArticleFactory()
    path = f"/en/articles/{article.slug}/"

    built = client.get(path)
    stored = client.get(path)

    assert directives(built) == POLICY
    assert directives(stored) == POLICY


@pytest.mark.django_db
def test_portal_sends_the_content_security_policy(client):
    ticket = TicketFactory(language="en")

    response = client.get(access.portal_url(ticket, absolute=False))

    assert response.status_code == 200
    assert directives(response) == POLICY


@pytest.mark.django_db
def test_login_page_sends_the_content_security_policy(client):
    response = client.get("/en/account/login/")

    assert directives(response) == POLICY


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/console/", "/en/console/tickets/", "/en/console/chat/"])
def test_console_pages_send_the_content_security_policy(client, agent, path):
    client.force_login(agent)

    response = client.get(path)

    assert response.status_code == 200
    assert directives(response) == POLICY


@pytest.mark.django_db
def test_admin_sends_the_content_security_policy(client, supervisor):
    client.force_login(supervisor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert directives(response) == POLICY


@pytest.mark.django_db
def test_chat_embed_page_may_be_framed_by_allowed_sites_under_the_same_policy(client):
    WidgetOrigin.objects.create(origin="https://shop.wallet.example")

    response = client.get("/en/chat/embed/")

    assert "X-Frame-Options" not in response
    assert directives(response) == {
        **POLICY,
        "frame-ancestors": ["'self'", "https://shop.wallet.example"],
    }


@pytest.mark.django_db
def test_not_found_page_sends_the_content_security_policy(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert directives(response) == POLICY


@pytest.mark.django_db
@override_settings(FAQ_SUGGEST_RATE="1/m")
def test_too_many_requests_page_sends_the_content_security_policy(client):
    # A frozen clock keeps both searches inside one rate-limit window however slow the run.
    with time_machine.travel("2026-11-22 10:00:05", tick=False):
        client.get("/en/search/?q=refund")
        response = client.get("/en/search/?q=refund")

    assert response.status_code == 429
    assert directives(response) == POLICY


@pytest.mark.django_db
def test_login_form_is_csrf_protected(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/en/account/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403


@pytest.mark.django_db
def test_login_is_rate_limited_per_ip(client):
    # A frozen clock keeps all 21 attempts inside one rate-limit window however slow the run.
    with time_machine.travel("2026-11-22 10:00:05", tick=False):
        for _ in range(20):
            client.post("/en/account/login/", {"username": "nobody", "password": "wrong"})

        response = client.post("/en/account/login/", {"username": "nobody", "password": "wrong"})

    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()


def test_favicon_ico_leads_to_the_logo(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].startswith("/static/img/logo")
    assert response["Location"].endswith(".svg")
