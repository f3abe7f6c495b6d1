"""Presence in the Live chat console's tabs, in Chromium against a real daphne: the chat's agent
and a supervisor watching it each see the other in that chat's tab, and "replying" while the
other types."""

import pytest
from playwright.sync_api import expect

from chat.models import Conversation
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.chat.test_browser_chat import off_the_browser_thread
from tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "agent-pass-2026"


def sign_in(page, base_url: str, username: str, next_path: str) -> None:
    page.goto(f"{base_url}/en/account/login/?next={next_path}")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("input[name=username]").fill(username)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def a_chat_of_lina_and_a_supervisor() -> Conversation:
    lina = staff_user("agent", username="lina", first_name="Lina", last_name="", password=PASSWORD)
    PresenceFactory(user=lina)
    staff_user("supervisor", username="wang", first_name="Wang", last_name="", password=PASSWORD)
    return ConversationFactory(name="Li Wei", message="Where is my withdrawal?")


def test_the_agent_and_a_watching_supervisor_see_each_other_in_the_chats_tab(
    live_daphne, page_factory
):
    conversation = off_the_browser_thread(a_chat_of_lina_and_a_supervisor)
    lina = page_factory(viewport={"width": 1280, "height": 800})
    sign_in(lina, live_daphne.url, "lina", "/en/console/chat/")
    lina_tab = lina.get_by_role("tabpanel", name="Li Wei")
    expect(lina_tab.get_by_label("Reply")).to_be_visible()

    wang = page_factory(viewport={"width": 1280, "height": 800})
    sign_in(wang, live_daphne.url, "wang", "/en/console/")
    wang.goto(f"{live_daphne.url}/en/console/chat/#conversation-{conversation.pk}")
    wang_tab = wang.get_by_role("tabpanel", name="Li Wei")

    expect(lina_tab.locator(".presence")).to_have_text("Wang is viewing")
    expect(wang_tab.locator(".presence")).to_have_text("Lina is viewing")
    lina_tab.get_by_label("Reply").fill("Let me check")
    expect(wang_tab.locator(".presence")).to_have_text("Lina is replying")
    assert lina.console_errors == []
    assert wang.console_errors == []
