"""Help before the form, in real Chromium against daphne, in both languages: the chat widget
opens on "Search our help" with the page topic's top answers; the customer types a question,
picks a suggestion, reads the answer inside the widget and closes it, and no chat starts. The
deflection events land in the event log: suggestions shown (the topic's and the search's), the
suggested article opened, all under one visitor cookie. Screenshots at 1280 and 360 px go to
docs/ when HELPCENTER_DOCS_SCREENSHOTS=1 (how docs/widget-help-*.png were made), else to a
temporary directory."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from chat.models import Conversation
from faq.demo import load as load_demo_kb
from faq.models import Article
from insights.models import Event
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import UserFactory, staff_user
from tests.waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
Kind = Event.Kind
TEXTS = {
    "en": {
        "launcher": "Chat with us",
        "frame": "Live chat",
        "search": "Search our help",
        "query": "forgot password",
        "popular": "Popular answers",
        "answers": "Answers",
        "back": "Back to answers",
        "minimise": "Minimise chat",
    },
    "zh-hans": {
        "launcher": "在线咨询",
        "frame": "在线客服",
        "search": "搜索帮助",
        "query": "忘记密码",
        "popular": "常见问题",
        "answers": "相关解答",
        "back": "返回答案列表",
        "minimise": "收起对话",
    },
}


@pytest.fixture
def shots(tmp_path) -> Path:
    return DOCS if os.environ.get("HELPCENTER_DOCS_SCREENSHOTS") == "1" else tmp_path


def screenshots(page, folder: Path, name: str, language: str) -> None:
    for width, height in ((1280, 800), (360, 740)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=folder / f"widget-help-{name}-{language}-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 800})


def kinds() -> list[str]:
    return list(Event.objects.order_by("id").values_list("kind", flat=True))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_widget_answers_through_an_article_before_any_chat_starts(
    live_daphne, page_factory, shots, language
):
    load_demo_kb()
    texts = TEXTS[language]
    answer = Article.objects.get(slug="reset-password")
    title = answer.title_en if language == "en" else answer.title_zh_hans
    page = page_factory(viewport={"width": 1280, "height": 800})

    # On a topic's page the widget opens on the topic's top answers.
    page.goto(f"{live_daphne.url}/{language}/categories/password-login/")
    page.get_by_role("button", name=texts["launcher"]).click()
    chat = page.frame_locator(f"iframe[title='{texts['frame']}']")
    search = chat.get_by_label(texts["search"])
    expect(search).to_be_focused()
    expect(chat.locator("[data-help-heading]")).to_have_text(texts["popular"])
    expect(chat.locator(".chat-help__result").first).to_be_visible()
    expect(chat.get_by_role("button", name=texts["launcher"])).to_be_visible()

    # Typing asks the suggestions API; the customer picks the answer and reads it in place.
    search.press_sequentially(texts["query"], delay=30)
    # The server's first Chinese search loads jieba's dictionary (seconds on a busy machine).
    expect(chat.locator("[data-help-heading]")).to_have_text(texts["answers"], timeout=30_000)
    suggestion = chat.locator(".chat-help__result", has_text=title)
    expect(suggestion).to_be_visible()
    screenshots(page, shots, "search", language)
    suggestion.click()
    heading = chat.get_by_role("heading", name=title)
    expect(heading).to_be_focused()
    expect(chat.locator("[data-help-body]")).not_to_be_empty()
    screenshots(page, shots, "article", language)

    # Back to the answers, then the widget is closed: no chat was started.
    chat.get_by_role("button", name=texts["back"]).click()
    expect(suggestion).to_be_focused()
    chat.get_by_role("button", name=texts["minimise"]).click()
    expect(page.locator("iframe")).to_be_hidden()

    opened = wait_until(
        lambda: Event.objects.filter(kind=Kind.SUGGESTED_ARTICLE_OPENED).first(),
        what="the beacon's event",
    )
    assert (opened.article_id, opened.channel, opened.data) == (
        answer.pk,
        Event.Channel.WIDGET,
        {"source": "suggestion"},
    )
    shown = Event.objects.filter(kind=Kind.SUGGESTION_SHOWN, channel=Event.Channel.WIDGET)
    # Written in batches, within a second of being shown (insights.batching).
    wait_until(
        lambda: {event.data["source"] for event in shown} == {"topic", "search"},
        what="the suggestions' events",
    )
    assert answer.pk in shown.filter(data__source="search").last().data["article_ids"]
    assert {event.visitor for event in Event.objects.all()} == {opened.visitor}
    assert Kind.CHAT_STARTED not in kinds()
    assert not Conversation.objects.exists()

    # The full-page chat opens on the same help, for the topic its link names.
    page.goto(f"{live_daphne.url}/{language}/chat/?topic=withdrawal")
    expect(page.locator("#chat[data-panel='help'] .chat-help__result").first).to_be_visible()
    screenshots(page, shots, "page", language)
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_article_page_reports_whether_a_suggestion_offered_it(
    live_daphne, page_factory, language
):
    load_demo_kb()
    answer = Article.objects.get(slug="reset-password")
    page = page_factory()

    # Read straight from its address: a plain view (the page is the shared cached copy).
    page.goto(f"{live_daphne.url}/{language}/articles/reset-password/")
    viewed = wait_until(lambda: Event.objects.filter(kind=Kind.ARTICLE_VIEWED).first())
    assert (viewed.article_id, viewed.language) == (answer.pk, language)

    # Offered by the type-ahead on the home page: a suggested article opened.
    page.goto(f"{live_daphne.url}/{language}/")
    page.locator("main input[name=q]").press_sequentially(TEXTS[language]["query"], delay=30)
    title = answer.title_en if language == "en" else answer.title_zh_hans
    page.locator(".faq-suggest a", has_text=title).first.click()
    page.wait_for_url("**/articles/reset-password/")
    opened = wait_until(lambda: Event.objects.filter(kind=Kind.SUGGESTED_ARTICLE_OPENED).first())
    assert (opened.article_id, opened.channel, opened.visitor) == (
        answer.pk,
        Event.Channel.WEB,
        viewed.visitor,
    )
    assert page.console_errors == []


def test_a_signed_in_customer_mid_chat_goes_straight_to_the_conversation(live_daphne, page_factory):
    load_demo_kb()
    PresenceFactory(user=staff_user("agent"))
    customer = UserFactory(username="mei", password="mei-pass-2026")
    ConversationFactory(customer=customer, message="Where is my top-up?")
    page = page_factory()
    page.goto(f"{live_daphne.url}/en/account/login/?next=/en/chat/")
    page.locator("input[name=username]").fill("mei")
    page.locator("input[name=password]").fill("mei-pass-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/chat/")

    expect(page.locator("#chat[data-panel='conversation']")).to_be_visible()
    expect(page.locator("#chat-log")).to_contain_text("Where is my top-up?")
    expect(page.get_by_label("Search our help")).to_be_hidden()
    assert page.console_errors == []
