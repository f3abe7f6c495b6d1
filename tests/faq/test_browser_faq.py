"""A customer searches in Chinese, opens the answer and says whether it helped."""

import pytest
from playwright.sync_api import expect

from faq.demo import load as load_demo_kb
from faq.models import Vote

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_site(live_daphne):
    load_demo_kb()
    return live_daphne


def test_search_in_chinese_open_the_article_and_vote(demo_site, page_factory):
    page = page_factory()
    page.goto(demo_site.url + "/zh-hans/")

    page.get_by_role("combobox").fill("忘记密码")
    suggestion = page.get_by_role("option").filter(has_text="忘记密码怎么办？")
    # The first suggestion also loads the Chinese dictionary in the server process.
    expect(suggestion).to_be_visible(timeout=20_000)
    page.keyboard.press("Enter")  # no suggestion selected: the full results page

    page.wait_for_url("**/zh-hans/search/?q=*")
    page.get_by_role("link", name="忘记密码怎么办？").click()
    page.wait_for_url("**/zh-hans/articles/reset-password/")
    expect(page.locator("h1")).to_have_text("忘记密码怎么办？")

    yes = page.get_by_role("button", name="是", exact=True)
    for _ in range(2):  # a second click must not add a vote
        with page.expect_response(lambda r: r.url.endswith("/vote"), timeout=15_000) as sent:
            yes.click()
        assert sent.value.status == 200

    expect(yes).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".faq-feedback__status")).to_have_text("感谢您的反馈！")
    assert list(Vote.objects.values_list("article__slug", "helpful", "language")) == [
        ("reset-password", True, "zh_hans")
    ]
    assert page.console_errors == []


def test_a_suggestion_opens_its_article_and_a_comment_can_follow_a_no(demo_site, page_factory):
    page = page_factory()
    page.goto(demo_site.url + "/en/")

    page.get_by_role("combobox").fill("withdraw fee")
    page.get_by_role("option").filter(has_text="What are the withdrawal fees?").click()
    page.wait_for_url("**/en/articles/withdrawal-fees/")

    comment = page.get_by_label("Anything we should add or fix? (optional)")
    expect(comment).to_be_hidden()
    page.get_by_role("button", name="No", exact=True).click()
    expect(page.locator(".faq-feedback__status")).to_have_text(
        "Sorry this did not help. Tell us what was missing?", timeout=15_000
    )
    comment.fill("What about cards abroad?")
    page.get_by_role("button", name="Send comment").click()

    expect(page.locator(".faq-feedback__status")).to_have_text(
        "Thank you, your comment was sent to our team.", timeout=15_000
    )
    assert list(Vote.objects.values_list("helpful", "comment")) == [
        (False, "What about cards abroad?")
    ]
    assert page.console_errors == []


def test_without_javascript_a_vote_is_a_form_and_the_article_says_thanks(demo_site, page_factory):
    page = page_factory(java_script_enabled=False)
    page.goto(demo_site.url + "/en/articles/withdrawal-fees/")

    page.get_by_role("button", name="Yes", exact=True).click()
    page.wait_for_url("**/en/articles/withdrawal-fees/feedback/?helpful=yes")
    expect(page.get_by_role("radio", name="Yes")).to_be_checked()
    page.get_by_label("Anything we should add or fix? (optional)").fill("Clear, thanks")
    page.get_by_role("button", name="Send feedback").click()

    page.wait_for_url("**/en/articles/withdrawal-fees/")
    expect(page.get_by_text("Thank you, your comment was sent to our team.")).to_be_visible()
    assert list(Vote.objects.values_list("article__slug", "helpful", "comment")) == [
        ("withdrawal-fees", True, "Clear, thanks")
    ]
