"""The search page says when it corrected a typo ("Showing results for password — search
instead for pasword") and the link searches the words as typed, without correction."""

import pytest
from django.utils.html import escape

from faq.selectors import article_search_results


def search_page(client, query, language="en", **params):
    return client.get(f"/{language}/search/", {"q": query, **params}).content.decode()


def test_a_corrected_query_is_reported_with_the_typed_word_replaced(demo_kb):
    results = article_search_results(query="  PASWORD ", language="en", limit=10)

    assert results.corrected == "password"
    assert results.hits


def test_a_query_without_typos_reports_no_correction(demo_kb):
    results = article_search_results(query="password", language="en", limit=10)

    assert results.corrected == ""
    assert results.hits


def test_an_exact_search_does_not_correct(demo_kb):
    results = article_search_results(query="pasword", language="en", limit=10, exact=True)

    assert results.corrected == ""
    assert results.hits == []


def test_the_page_says_what_it_searched_and_links_to_the_exact_query(client, demo_kb):
    page = search_page(client, "pasword")

    assert "Showing results for <strong>password</strong>" in page
    assert escape("/en/search/?q=pasword&exact=1") in page
    assert "search instead for <em>pasword</em>" in page


def test_the_exact_link_searches_without_correction_and_says_nothing_about_it(client, demo_kb):
    page = search_page(client, "pasword", exact="1")

    assert "Showing results for" not in page
    assert "0 results for “pasword”" in page


def test_the_correction_line_is_in_chinese_on_chinese_pages(client, demo_kb):
    page = search_page(client, "pasword", language="zh-hans")

    assert "以下是 <strong>password</strong> 的搜索结果" in page
    assert "仍然搜索 <em>pasword</em>" in page


@pytest.mark.parametrize("query", ["<script>pasword", "pasword\"'><b>"])
def test_the_correction_line_escapes_what_was_typed(client, demo_kb, query):
    page = search_page(client, query)

    assert "<script>pasword" not in page
    assert "<b>" not in page.split("faq-search__corrected", 1)[-1].split("</p>", 1)[0]
