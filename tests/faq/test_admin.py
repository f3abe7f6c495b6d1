"""Only supervisors and admins edit the knowledge base."""

import pytest
from django.test import Client

from faq.models import Article
from tests.factories import staff_user
from tests.faq.factories import ArticleFactory


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_supervisors_and_admins_can_open_the_article_editor(db, role):
    article = ArticleFactory()

    response = logged_in(staff_user(role)).get(f"/admin/faq/article/{article.pk}/change/")

    assert response.status_code == 200


def test_agents_cannot_reach_the_editor(agent):
    article = ArticleFactory()

    response = logged_in(agent).get(f"/admin/faq/article/{article.pk}/change/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_customers_cannot_reach_the_editor(customer):
    article = ArticleFactory()

    response = logged_in(customer).get(f"/admin/faq/article/{article.pk}/change/")

    assert response.status_code == 302


def test_an_agent_cannot_change_an_article_by_posting(agent):
    article = ArticleFactory(title_en="Original")

    logged_in(agent).post(f"/admin/faq/article/{article.pk}/change/", {"title_en": "Hacked"})

    article.refresh_from_db()
    assert article.title_en == "Original"


def test_the_editor_previews_the_rendered_body(supervisor):
    article = ArticleFactory(body_en="**Bold** answer <script>x()</script>")

    page = logged_in(supervisor).get(f"/admin/faq/article/{article.pk}/change/").content.decode()

    assert "<strong>Bold</strong> answer &lt;script&gt;" in page


def test_creating_an_article_in_the_admin_renders_indexes_and_credits_the_author(supervisor):
    category = ArticleFactory().category
    data = {
        "category": str(category.pk),
        "slug": "new-answer",
        "status": "published",
        "position": "0",
        "title_zh_hans": "退款多久到账",
        "title_en": "How long do refunds take?",
        "body_zh_hans": "退款一般 **1–3** 个工作日到账。",
        "body_en": "Refunds take **1–3** business days.",
        "_save": "Save",
    }

    logged_in(supervisor).post("/admin/faq/article/add/", data)

    article = Article.objects.get(slug="new-answer")
    assert article.author == supervisor
    assert "<strong>1–3</strong>" in article.body_html_en
    assert article.search_entries.count() == 2


def test_publish_action_publishes_drafts(supervisor):
    draft = ArticleFactory(status="draft")

    logged_in(supervisor).post(
        "/admin/faq/article/", {"action": "publish", "_selected_action": [str(draft.pk)]}
    )

    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.search_entries.count() == 2


def test_searches_without_results_are_listed_for_admins(supervisor, client):
    client.get("/en/search/", {"q": "crypto staking"})

    page = logged_in(supervisor).get("/admin/faq/searchmiss/").content.decode()

    assert "crypto staking" in page


def test_searches_without_results_cannot_be_edited(supervisor, client):
    client.get("/en/search/", {"q": "crypto staking"})

    response = logged_in(supervisor).get("/admin/faq/searchmiss/add/")

    assert response.status_code == 403
