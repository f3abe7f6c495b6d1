"""core.person_pages: a page served from a copy with holes equals the plain render, and a copy
never carries one person's values to another."""

import re

import pytest
from django.test import Client

from faq import services as faq_services
from faq.models import Article
from tests.chat.factories import TopicFactory
from tests.factories import UserFactory, staff_user
from tests.faq.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def _body(response) -> str:
    assert response.status_code == 200
    # The token is masked afresh on every render: compare everything else.
    return CSRF_VALUE.sub(r"\1TOKEN\2", response.content.decode())


def _plain_and_copied(client: Client, url: str, settings) -> tuple[str, str]:
    settings.PERSON_PAGE_COPIES = False
    plain = _body(client.get(url))
    settings.PERSON_PAGE_COPIES = True
    client.get(url)  # makes the copy
    return plain, _body(client.get(url))


@pytest.fixture
def pages(db):
    topic = TopicFactory(slug="top-up", name_en="Top-up", name_zh_hans="充值")
    category = CategoryFactory(slug="payments", name_en="Payments")
    article = ArticleFactory(category=category, slug="payment-failed", title_en="Payment failed")
    ArticleFactory(category=category, slug="refunds", title_en="Refunds")
    return {
        "article": f"/en/articles/{article.slug}/",
        "category": "/zh-hans/categories/payments/",
        "home": "/en/",
        "form": "/zh-hans/requests/new/",
        "form with topic": f"/en/requests/new/?category={topic.pk}",
    }


@pytest.mark.parametrize("who", ["customer", "agent", "anonymous with a session"])
@pytest.mark.parametrize("page", ["article", "category", "home", "form", "form with topic"])
def test_a_copy_equals_the_plain_render(pages, page, who, settings):
    client = Client()
    if who == "customer":
        client.force_login(UserFactory(first_name="Wei", last_name="Li", email="wei@example.com"))
    elif who == "agent":
        client.force_login(staff_user("agent", first_name="Lina"))
    else:
        client.cookies["sessionid"] = "no-such-session-key-000000000000"

    plain, copied = _plain_and_copied(client, pages[page], settings)

    assert copied == plain
    assert "\x00" not in copied


def test_the_form_copy_carries_each_customers_own_name_and_email(pages, settings):
    settings.PERSON_PAGE_COPIES = True
    first, second = Client(), Client()
    first.force_login(UserFactory(first_name="Wei", last_name="Li", email="wei@example.com"))
    second.force_login(
        UserFactory(first_name="<b>Mei", last_name="Chen</b>", email="mei@example.com")
    )

    first_page = _body(first.get(pages["form"]))
    second_page = _body(second.get(pages["form"]))

    assert 'value="Wei Li"' in first_page
    assert 'value="wei@example.com"' in first_page
    assert 'value="&lt;b&gt;Mei Chen&lt;/b&gt;"' in second_page
    assert "mei@example.com" in second_page
    assert "Wei" not in second_page
    assert "wei@example.com" not in second_page


def test_each_page_gets_its_own_csrf_token_that_the_form_accepts(pages, settings):
    settings.PERSON_PAGE_COPIES = True
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.get(pages["form"])

    page = client.get(pages["form"]).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    assert client.post("/en/account/logout/", {"csrfmiddlewaretoken": token}).status_code == 302


def test_an_article_edit_shows_at_once_to_signed_in_readers(
    pages, settings, django_capture_on_commit_callbacks
):
    settings.PERSON_PAGE_COPIES = True
    client = Client()
    client.force_login(UserFactory())
    assert "Payment failed" in client.get(pages["article"]).content.decode()

    article = Article.objects.get(slug="payment-failed")
    article.title_en = "Payment declined"
    with django_capture_on_commit_callbacks(execute=True):
        faq_services.article_save(article=article)

    assert "Payment declined" in client.get(pages["article"]).content.decode()


def test_flash_messages_are_shown_by_a_plain_render(pages, settings):
    settings.PERSON_PAGE_COPIES = True
    client = Client()
    client.force_login(UserFactory())
    client.get(pages["article"])  # the copy exists

    client.post("/en/articles/payment-failed/feedback/", {"helpful": "yes"})

    shown = '<p class="alert alert--success">Thanks for your feedback!</p>'
    assert shown in client.get(pages["article"]).content.decode()
    assert shown not in client.get(pages["article"]).content.decode()  # shown once
