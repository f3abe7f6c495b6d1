"""The suggestions API contract other apps rely on: GET /api/faq/suggest."""

import pytest
from django.test import override_settings

SUGGEST = "/api/faq/suggest"


def test_suggestions_have_the_documented_shape(client, demo_kb):
    response = client.get(SUGGEST, {"q": "忘记密码", "lang": "zh-hans"})

    assert response.status_code == 200
    first = response.json()["results"][0]
    assert set(first) == {"id", "title", "url", "snippet", "category"}
    assert first["title"] == "忘记密码怎么办？"
    assert first["url"] == "/zh-hans/articles/reset-password/"
    assert first["category"] == "密码与登录"


def test_urls_point_at_the_article_page_in_the_requested_language(client, demo_kb):
    result = client.get(SUGGEST, {"q": "withdraw fee", "lang": "en"}).json()["results"][0]

    assert result["url"] == "/en/articles/withdrawal-fees/"
    assert client.get(result["url"]).status_code == 200


def test_snippets_are_plain_text(client, demo_kb):
    results = client.get(SUGGEST, {"q": "reset password", "lang": "en"}).json()["results"]

    assert results
    assert not [r for r in results if "<" in r["snippet"] or "**" in r["snippet"]]


def test_five_results_by_default(client, demo_kb):
    assert len(client.get(SUGGEST, {"q": "password", "lang": "en"}).json()["results"]) == 5


@pytest.mark.parametrize(("limit", "expected"), [("1", 1), ("3", 3), ("50", 10), ("0", 1)])
def test_limit_is_clamped_to_one_to_ten(client, demo_kb, limit, expected):
    response = client.get(SUGGEST, {"q": "account", "lang": "en", "limit": limit})

    assert len(response.json()["results"]) == expected


def test_a_non_numeric_limit_falls_back_to_the_default(client, demo_kb):
    response = client.get(SUGGEST, {"q": "password", "lang": "en", "limit": "many"})

    assert len(response.json()["results"]) == 5


@pytest.mark.parametrize("query", ["", " ", "a"])
def test_empty_or_too_short_queries_return_no_results(client, demo_kb, query):
    response = client.get(SUGGEST, {"q": query, "lang": "en"})

    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_a_missing_query_returns_no_results(client, db):
    assert client.get(SUGGEST).json() == {"results": []}


@pytest.mark.parametrize(
    "query",
    [
        # As long as a URL may be (8 KB: longer ones are refused with 414, tests/helpcenter).
        "x" * 7_000,
        "密" * 800,
        "'; DROP TABLE faq_article; --",
        "1' OR '1'='1",
        'password" OR "1',
        "🙂💸🔥",
        "重置 password 🙂 パスワード Пароль",
        "%00%%_\\",
        "NEAR(reset password) * ^",
    ],
)
def test_hostile_queries_answer_200(client, demo_kb, query):
    response = client.get(SUGGEST, {"q": query, "lang": "en"})

    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_an_unknown_language_falls_back_to_chinese(client, demo_kb):
    result = client.get(SUGGEST, {"q": "忘记密码", "lang": "klingon"}).json()["results"][0]

    assert result["url"].startswith("/zh-hans/")


def test_drafts_are_never_suggested(client, db):
    from tests.faq.factories import ArticleFactory

    ArticleFactory(title_en="Internal refund procedure", status="draft")

    assert client.get(SUGGEST, {"q": "refund procedure", "lang": "en"}).json() == {"results": []}


@pytest.mark.usefixtures("_early_in_an_hour")
@override_settings(FAQ_SUGGEST_RATE="3/m")
def test_suggestions_are_rate_limited_per_address(client, demo_kb):
    statuses = [client.get(SUGGEST, {"q": "password", "lang": "en"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


@override_settings(FAQ_SUGGEST_RATE="1/m")
def test_other_addresses_are_not_limited_by_one_busy_address(client, demo_kb):
    client.get(SUGGEST, {"q": "password"}, REMOTE_ADDR="10.0.0.1")

    response = client.get(SUGGEST, {"q": "password"}, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 200


def test_only_get_is_allowed(client, db):
    assert client.post(SUGGEST, {"q": "password"}).status_code == 405
