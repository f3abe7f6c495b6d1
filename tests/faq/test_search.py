"""Search in both languages; the suite runs this on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest

from faq import search, services
from faq.models import Article
from faq.selectors import article_search
from tests.faq.factories import ArticleFactory


def titles(query: str, language: str, limit: int = 3) -> list[str]:
    return [hit.title for hit in article_search(query=query, language=language, limit=limit)]


def slugs(query: str, language: str, limit: int = 3) -> list[str]:
    return [hit.url.rstrip("/").rsplit("/", 1)[1] for hit in article_search(
        query=query, language=language, limit=limit
    )]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("忘记密码", "zh_hans", "reset-password"),
        ("提现 手续费", "zh_hans", "withdrawal-fees"),
        ("提现手续费是多少", "zh_hans", "withdrawal-fees"),
        ("付款失败", "zh_hans", "payment-failed-what-to-check"),
        ("收不到验证码", "zh_hans", "verification-code-not-received"),
        ("withdraw fee", "en", "withdrawal-fees"),
        ("reset password", "en", "reset-password"),
        ("export statement", "en", "download-statement"),
        ("pasword", "en", "reset-password"),
        ("pasword reset", "en", "reset-password"),
        ("pasword", "zh_hans", "reset-password"),
        ("withdrawl", "en", "withdrawal-fees"),
        ("withdrawl fees", "en", "withdrawal-fees"),
        ("freeze account", "en", "unauthorised-transaction"),
    ],
)
def test_the_example_queries_find_the_right_article(demo_kb, query, language, expected):
    assert expected in slugs(query, language)


def test_chinese_results_come_back_in_chinese(demo_kb):
    hit = article_search(query="忘记密码", language="zh_hans", limit=1)[0]

    assert hit.title == "忘记密码怎么办？"
    assert hit.url == "/zh-hans/articles/reset-password/"
    assert hit.category == "密码与登录"


def test_english_results_come_back_in_english(demo_kb):
    hit = article_search(query="withdraw fee", language="en", limit=1)[0]

    assert hit.title == "What are the withdrawal fees?"
    assert hit.url == "/en/articles/withdrawal-fees/"
    assert hit.category == "Withdrawal"


def test_a_query_in_the_other_language_still_finds_the_article(demo_kb):
    assert "reset-password" in slugs("reset password", "zh_hans")


def test_title_matches_rank_above_body_matches(db):
    body_only = ArticleFactory(
        title_en="Account limits", body_en="Limits. Refunds refunds refunds refunds everywhere."
    )
    in_title = ArticleFactory(title_en="Refunds", body_en="How money comes back.")

    found = [hit.article_id for hit in article_search(query="refunds", language="en")]

    assert found == [in_title.pk, body_only.pk]


def test_chinese_title_matches_rank_above_body_matches(db):
    body_only = ArticleFactory(title_zh_hans="账户限额", body_zh_hans="退款退款退款退款。")
    in_title = ArticleFactory(title_zh_hans="退款说明", body_zh_hans="钱怎么回来。")

    found = [hit.article_id for hit in article_search(query="退款", language="zh_hans")]

    assert found == [in_title.pk, body_only.pk]


def test_drafts_are_not_found(db):
    ArticleFactory(title_en="Secret draft about refunds", status=Article.Status.DRAFT)

    assert titles("refunds", "en") == []


def test_unpublishing_removes_an_article_from_search(db, django_capture_on_commit_callbacks):
    article = ArticleFactory(title_en="Refunds explained")
    assert titles("refunds", "en") == ["Refunds explained"]

    with django_capture_on_commit_callbacks(execute=True):
        services.article_set_status(
            articles=Article.objects.filter(pk=article.pk), status=Article.Status.DRAFT
        )

    assert titles("refunds", "en") == []


def test_editing_a_title_changes_what_search_returns(db, django_capture_on_commit_callbacks):
    article = ArticleFactory(title_en="Refunds explained")
    assert titles("refunds", "en") == ["Refunds explained"]

    article.title_en = "Chargebacks explained"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article)

    assert titles("chargebacks", "en") == ["Chargebacks explained"]


def test_snippets_highlight_the_matched_words(demo_kb):
    hit = article_search(query="忘记密码", language="zh_hans", limit=1)[0]

    assert "<mark>" in hit.snippet_html
    assert "<mark>" not in hit.snippet


def test_a_typo_highlights_the_word_it_was_corrected_to(demo_kb):
    hits = article_search(query="pasword", language="en", limit=3)

    hit = next(hit for hit in hits if hit.url == "/en/articles/reset-password/")
    assert "<mark>password</mark>" in hit.snippet_html


def test_snippet_highlighting_escapes_article_text(db):
    ArticleFactory(title_en="Angle brackets", body_en="Type `<b>` refunds here")

    hit = article_search(query="refunds", language="en")[0]

    assert "<b>" not in hit.snippet_html
    assert "&lt;b&gt;" in hit.snippet_html


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "a",
        "x" * 10_000,
        "'; DROP TABLE faq_article; --",
        '" OR 1=1 --',
        "password) OR (1",
        'NEAR(a b) AND * ^ : "',
        "🙂💸🔥",
        "reset 密码 😀 パスワード",
        "\x00\x01 null bytes",
        "&|!<->():*",
    ],
)
def test_hostile_or_odd_queries_answer_normally(db, query):
    ArticleFactory(title_en="Reset your password", title_zh_hans="重置密码")

    hits = article_search(query=query, language="en")

    assert isinstance(hits, list)


def test_a_typo_is_corrected_to_a_word_of_a_title(db):
    ArticleFactory(title_en="Passphrase rules")

    assert search.spelling_corrections(["pasphrase"]) == {"pasphrase": ["passphrase"]}


def test_words_of_titles_are_not_corrected(db):
    ArticleFactory(title_en="Passphrase rules")

    assert search.spelling_corrections(["passphrase", "rules"]) == {}


def test_numbers_and_short_words_are_not_corrected(db):
    ArticleFactory(title_en="Form 1099 fees")

    assert search.spelling_corrections(["1098", "fes", "form"]) == {}


def test_an_edited_title_changes_what_typos_are_corrected_to(db):
    article = ArticleFactory(title_en="Passphrase rules")

    article.title_en = "Security rules"
    services.article_save(article=article)

    assert search.spelling_corrections(["pasphrase"]) == {}
    assert search.spelling_corrections(["securty"]) == {"securty": ["security"]}


def test_an_unpublished_article_leaves_the_vocabulary(db):
    article = ArticleFactory(title_en="Passphrase rules")

    services.article_set_status(
        articles=Article.objects.filter(pk=article.pk), status=Article.Status.DRAFT
    )

    assert search.spelling_corrections(["pasphrase"]) == {}


def test_a_deleted_article_leaves_the_vocabulary(db):
    article = ArticleFactory(title_en="Passphrase rules")

    services.article_delete(article=article)

    assert search.spelling_corrections(["pasphrase"]) == {}


def test_a_word_stays_while_another_public_title_has_it(db):
    first = ArticleFactory(title_en="Passphrase rules")
    ArticleFactory(title_en="Passphrase length")

    services.article_set_status(
        articles=Article.objects.filter(pk=first.pk), status=Article.Status.DRAFT
    )

    assert search.spelling_corrections(["pasphrase"]) == {"pasphrase": ["passphrase"]}


def test_a_typo_finds_an_article_whose_title_was_edited(db, django_capture_on_commit_callbacks):
    article = ArticleFactory(title_en="Refunds explained")

    article.title_en = "Chargebacks explained"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article)

    assert titles("chargebaks", "en") == ["Chargebacks explained"]
