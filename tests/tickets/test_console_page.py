"""The console's ticket page: its menus and inputs written by ``core.widgets`` (``select_html``,
``input_html``) equal Django's widgets, and the reply form starts from the newest public
message of the thread the page already read."""

import pytest
from django.utils import translation

from core.widgets import input_html, select_html
from tests.factories import staff_user
from tests.tickets.factories import CannedResponseFactory, CategoryFactory, TicketFactory
from tickets import selectors, services
from tickets.console_forms import (
    CategoryForm,
    ConsoleReplyForm,
    MergeForm,
    PriorityForm,
    StatusForm,
)
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_topics(db):
    CategoryFactory(slug="refunds", name_en='Refunds <b>"now"</b>', name_zh_hans="退款&")
    return CategoryFactory(slug="top-up", name_en="Top-up & 'co'", name_zh_hans="<充值>")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("status", [Ticket.Status.OPEN, Ticket.Status.SOLVED])
def test_the_ticket_pages_menus_equal_djangos_widgets(hostile_topics, language, status):
    allowed = sorted(services.ALLOWED_TRANSITIONS[status] | {status})
    with translation.override(language):
        fields = [
            StatusForm(initial={"status": status}, allowed=allowed)["status"],
            PriorityForm(initial={"priority": Ticket.Priority.HIGH})["priority"],
            CategoryForm(initial={"category": hostile_topics.pk})["category"],
            ConsoleReplyForm()["then_status"],
        ]

        written = [select_html(field) for field in fields]
        widgets = [str(field) for field in fields]

    assert written == widgets


@pytest.mark.parametrize("then_status", ["", Ticket.Status.SOLVED, "<bogus>"])
def test_a_refused_replys_status_menu_equals_djangos_widget(then_status):
    form = ConsoleReplyForm({"kind": "reply", "body": "", "then_status": then_status})
    form.is_valid()

    assert select_html(form["then_status"]) == str(form["then_status"])


HOSTILE = "<script>alert('x')</script> & \"quotes\""
INPUTS = ("last_seen_message", "body", "attachments")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_reply_forms_inputs_equal_djangos_widgets(language):
    with translation.override(language):
        form = ConsoleReplyForm(initial={"body": HOSTILE, "last_seen_message": 42})
        merge = MergeForm()

        written = [input_html(form[name]) for name in INPUTS] + [input_html(merge["target"])]
        widgets = [str(form[name]) for name in INPUTS] + [str(merge["target"])]

    assert written == widgets


@pytest.mark.parametrize("body", ["", HOSTILE])
def test_a_refused_forms_inputs_equal_djangos_widgets(body):
    form = ConsoleReplyForm({"kind": "reply", "body": body, "last_seen_message": "<x>"})
    merge = MergeForm({"target": HOSTILE})
    form.is_valid()
    merge.is_valid()

    written = [input_html(form[name]) for name in INPUTS] + [input_html(merge["target"])]
    widgets = [str(form[name]) for name in INPUTS] + [str(merge["target"])]

    assert written == widgets


def test_a_widget_without_a_writer_is_rendered_by_django():
    form = ConsoleReplyForm()

    assert input_html(form["kind"]) == str(form["kind"])  # radio buttons


def test_the_reply_form_starts_from_the_threads_newest_public_message(category):
    agent = staff_user("agent")
    ticket = TicketFactory(category=category)
    services.ticket_reply(ticket=ticket, author=agent, body="Checking.", internal=False)
    services.ticket_reply(ticket=ticket, author=agent, body="A note.", internal=True)
    thread = selectors.ticket_thread(ticket=ticket, staff=True)

    from_thread = services.last_public_message_id(ticket, thread=thread)

    assert from_thread == services.last_public_message_id(ticket)
    assert from_thread == thread[1].pk


def test_a_thread_without_public_messages_starts_the_reply_form_at_zero(category):
    ticket = TicketFactory(category=category)
    ticket.messages.all().delete()

    assert services.last_public_message_id(ticket, thread=[]) == 0
    assert services.last_public_message_id(ticket) == 0


def test_the_ticket_page_follows_a_new_agent_canned_response_and_topic_name(client, category):
    agent = staff_user("agent")
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)
    services.ticket_set_category(ticket=ticket, category=CategoryFactory(slug="old"), by=agent)
    client.force_login(agent)
    page = f"/en/console/tickets/{ticket.reference}/"
    client.get(page)  # the kept lists are loaded

    staff_user("agent", first_name="Newcomer")
    CannedResponseFactory(title_en="Fresh answer")
    category.name_en = "Renamed topic"
    category.save()
    html = client.get(page).content.decode()
    history = html[html.index('class="tc-events"') :]

    assert "Newcomer" in html  # the assignee menu
    assert "Fresh answer" in html  # the canned picker
    assert "Renamed topic" in history  # the topic change's label
