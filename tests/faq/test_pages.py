"""Public pages: content, SEO, language and the anonymous page cache."""

import pytest

from faq.models import Article, SearchMiss
from tests.faq.factories import ArticleFactory, CategoryFactory


def test_home_shows_topics_with_icons_and_most_viewed_answers(client, demo_kb):
    Article.objects.filter(slug="withdrawal-fees").update(view_count=500)

    page = client.get("/en/").content.decode()

    assert "Browse by topic" in page
    assert page.count('class="faq-icon"') >= 10
    assert "Account security" in page
    assert page.index("What are the withdrawal fees?") < page.index("Contact us")


def test_home_offers_chat_request_and_my_requests(client, demo_kb):
    page = client.get("/zh-hans/").content.decode()

    assert "data-faq-open-chat" in page
    assert 'href="/zh-hans/requests/new/"' in page
    assert 'href="/zh-hans/requests/mine/"' in page


def test_category_page_lists_its_published_articles_in_order(client, db):
    category = CategoryFactory(slug="withdrawal", name_en="Withdrawal")
    ArticleFactory(category=category, title_en="Second", position=2)
    ArticleFactory(category=category, title_en="First", position=1)
    ArticleFactory(category=category, title_en="Hidden draft", status="draft")

    page = client.get("/en/categories/withdrawal/").content.decode()

    assert page.index("First") < page.index("Second")
    assert "Hidden draft" not in page


def test_inactive_categories_are_not_found(client, db):
    CategoryFactory(slug="old-topic", is_active=False)

    assert client.get("/en/categories/old-topic/").status_code == 404


def test_article_page_in_chinese(client, demo_kb):
    page = client.get("/zh-hans/articles/reset-password/").content.decode()

    assert "<h1>忘记密码怎么办？</h1>" in page
    assert '<html lang="zh-hans">' in page
    assert "密码与登录" in page  # breadcrumb
    assert "收不到验证码或重置链接" in page  # related article
    assert "这篇文章有帮助吗？" in page
    assert "最后更新" in page


def test_article_page_has_seo_tags(client, demo_kb):
    page = client.get("/en/articles/reset-password/").content.decode()

    assert "<title>I forgot my password: how do I reset it? ·" in page
    assert '<meta name="description" content="You can reset your sign-in password' in page
    assert 'rel="canonical" href="http://127.0.0.1:8000/en/articles/reset-password/"' in page
    assert (
        'hreflang="zh-hans" href="http://127.0.0.1:8000/zh-hans/articles/reset-password/"' in page
    )
    assert 'hreflang="x-default"' in page


def test_the_language_switcher_leads_to_the_same_article(client, demo_kb):
    page = client.get("/en/articles/reset-password/").content.decode()

    assert 'href="/zh-hans/articles/reset-password/" hreflang="zh-hans"' in page


def test_still_need_help_links_to_the_request_form_for_the_topic(client, demo_kb):
    page = client.get("/en/articles/reset-password/").content.decode()

    assert 'href="/en/requests/new/?category=password-login"' in page


def test_drafts_are_not_public(client, db):
    ArticleFactory(slug="coming-soon", status="draft")

    assert client.get("/en/articles/coming-soon/").status_code == 404


def test_an_empty_translation_falls_back_to_the_other_language(client, db):
    ArticleFactory(slug="only-chinese", summary_en="", body_en="", body_zh_hans="只有中文正文")

    page = client.get("/en/articles/only-chinese/").content.decode()

    assert "只有中文正文" in page


def test_an_article_body_with_script_renders_inert(client, db):
    ArticleFactory(slug="xss", body_en='<script>alert(1)</script> <img src=x onerror="alert(2)">')

    page = client.get("/en/articles/xss/").content.decode()

    assert "<script>alert(1)" not in page
    assert "<img src=x onerror" not in page


def test_a_cached_page_does_not_touch_the_database(client, demo_kb, django_assert_num_queries):
    client.get("/en/articles/reset-password/")

    with django_assert_num_queries(0):
        response = client.get("/en/articles/reset-password/")

    assert response.status_code == 200


def test_anonymous_pages_vary_on_nothing_and_carry_no_csrf_token(client, demo_kb):
    client.get("/en/articles/reset-password/")
    response = client.get("/en/articles/reset-password/")

    assert "Cookie" not in response.get("Vary", "")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_signed_in_visitors_see_their_own_header_not_the_shared_copy(client, demo_kb, customer):
    client.get("/en/articles/reset-password/")  # fills the anonymous copy
    client.force_login(customer)

    page = client.get("/en/articles/reset-password/").content.decode()

    assert "Sign out" in page


def test_search_page_highlights_matches(client, demo_kb):
    page = client.get("/zh-hans/search/", {"q": "提现 手续费"}).content.decode()

    assert "提现手续费是多少？" in page
    assert "<mark>" in page


def test_a_search_without_results_is_logged_once_per_query(client, demo_kb):
    client.get("/en/search/", {"q": "crypto  staking"})
    client.get("/en/search/", {"q": "crypto staking"})

    miss = SearchMiss.objects.get()
    assert (miss.query, miss.language, miss.count) == ("crypto staking", "en", 2)


def test_a_search_without_results_suggests_topics(client, demo_kb):
    page = client.get("/en/search/", {"q": "crypto staking"}).content.decode()

    assert "We could not find an answer" in page
    assert "/en/categories/withdrawal/" in page


@pytest.mark.parametrize("query", ["x" * 7_000, "'; DROP TABLE faq_article; --", "🙂🙂", ""])
def test_search_page_answers_odd_queries(client, demo_kb, query):
    assert client.get("/en/search/", {"q": query}).status_code == 200


def test_sitemap_lists_public_articles_in_both_languages(client, db):
    ArticleFactory(slug="public-one")
    ArticleFactory(slug="secret-draft", status="draft")

    xml = client.get("/sitemap.xml").content.decode()

    assert "/zh-hans/articles/public-one/" in xml
    assert "/en/articles/public-one/" in xml
    assert 'hreflang="en"' in xml
    assert "secret-draft" not in xml
