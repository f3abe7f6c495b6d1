"""Working together in Chromium against a real daphne: two agents on one ticket see each other
and the second sender is stopped with the new reply first; a supervisor takes over a chat and
the customer sees who they now talk to."""

import pytest
from playwright.sync_api import expect

from chat.models import Conversation
from tests.chat.factories import PresenceFactory, TopicFactory
from tests.chat.test_browser_chat import off_the_browser_thread
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "agent-pass-2026"


def sign_in(page, base_url: str, username: str, next_path: str) -> None:
    page.goto(f"{base_url}/en/account/login/?next={next_path}")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("input[name=username]").fill(username)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def two_agents_and_a_ticket() -> str:
    staff_user("agent", username="lina", first_name="Li Na", last_name="", password=PASSWORD)
    staff_user("agent", username="tom", first_name="Tom", last_name="", password=PASSWORD)
    return TicketFactory(subject="Top-up missing").reference


def test_two_agents_on_one_ticket_see_each_other_and_the_second_sender_is_stopped(
    live_daphne, page_factory
):
    reference = off_the_browser_thread(two_agents_and_a_ticket)
    path = f"/en/console/tickets/{reference}/"
    lina = page_factory(viewport={"width": 1280, "height": 900})
    sign_in(lina, live_daphne.url, "lina", path)
    tom = page_factory(viewport={"width": 1280, "height": 900})
    sign_in(tom, live_daphne.url, "tom", path)

    expect(lina.locator(".presence")).to_have_text("Tom is viewing")
    expect(tom.locator(".presence")).to_have_text("Li Na is viewing")
    tom.locator("#wp-body").fill("I will refund the top-up now.")
    expect(lina.locator(".presence")).to_have_text("Tom is replying")

    lina.locator("#wp-body").fill("The top-up arrived an hour ago, please check.")
    lina.get_by_role("button", name="Send reply").click()
    expect(lina.locator("[role=status]").first).to_contain_text("Reply sent.")
    tom.get_by_role("button", name="Send reply").click()

    stopped = tom.locator("#collision")
    expect(stopped).to_contain_text("Your reply was not sent")
    expect(stopped).to_contain_text("The top-up arrived an hour ago, please check.")
    expect(tom.locator("#wp-body")).to_have_value("I will refund the top-up now.")
    stopped.get_by_role("button", name="Send anyway").click()
    expect(tom.locator("[role=status]").first).to_contain_text("Reply sent.")
    bodies = list(Ticket.objects.get(reference=reference).messages.values_list("body", flat=True))
    assert bodies[-2:] == [
        "The top-up arrived an hour ago, please check.",
        "I will refund the top-up now.",
    ]
    assert lina.console_errors == []
    # Chromium logs the stopped send's answer, 409 Conflict, as a failed load; nothing else.
    assert [e for e in tom.console_errors if "409 (Conflict)" not in e] == []


def lina_online_and_a_supervisor() -> None:
    TopicFactory(slug="withdrawal", name_en="Withdrawal", name_zh_hans="提现")
    PresenceFactory(user=staff_user("agent", username="lina", first_name="Lina", password=PASSWORD))
    staff_user("supervisor", username="wang", first_name="Wang", last_name="", password=PASSWORD)


def test_a_supervisor_takes_over_a_chat_and_the_customer_sees_the_new_agent(
    live_daphne, page_factory
):
    off_the_browser_thread(lina_online_and_a_supervisor)
    lina = page_factory()
    sign_in(lina, live_daphne.url, "lina", "/en/console/chat/")
    customer = page_factory(viewport={"width": 360, "height": 640})
    customer.goto(f"{live_daphne.url}/en/chat/")
    expect(customer.locator("#chat[data-panel='start']")).to_be_visible()
    start = customer.locator("#chat-start")
    start.get_by_label("Your name").fill("Li Wei")
    start.get_by_label("Topic").select_option("withdrawal")
    start.get_by_label("How can we help?").fill("Where is my withdrawal?")
    start.get_by_role("button", name="Start chat").click()
    expect(customer.locator("#chat-subtitle")).to_have_text("You are chatting with Lina")
    conversation = Conversation.objects.get()

    wang = page_factory(viewport={"width": 1280, "height": 800})
    sign_in(wang, live_daphne.url, "wang", "/en/console/")
    # As from the inbox's All open view: the chat's link.
    wang.goto(f"{live_daphne.url}/en/console/chat/#conversation-{conversation.pk}")
    watched = wang.get_by_role("tabpanel", name="Li Wei")
    expect(watched.get_by_label("Reply")).to_be_hidden()  # watching is read-only
    watched.get_by_role("button", name="Take over").click()

    expect(customer.locator("#chat-subtitle")).to_have_text("You are chatting with Wang")
    expect(customer.locator("#chat-log")).to_contain_text("You are now chatting with Wang.")
    expect(watched.get_by_label("Reply")).to_be_visible()
    lina_pane = lina.get_by_role("tabpanel", name="Li Wei")
    expect(lina_pane.get_by_role("status")).to_contain_text("A supervisor took over this chat.")
    expect(lina_pane.get_by_label("Reply")).to_be_hidden()
    assert wang.console_errors == []
    assert lina.console_errors == []
