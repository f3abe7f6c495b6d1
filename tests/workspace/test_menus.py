"""The pane's property menus and its tags part written in Python (workspace.menus) equal the
templates of record (workspace/_menu.html, workspace/_pane_tags.html) for every property of a
ticket, with and without choices, for tags and macros with and without tags on, an inactive
tag, hostile names included, in both languages."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from macros import services as macro_services
from macros.models import Macro
from tests.factories import staff_user
from tests.macros.factories import MacroFactory, TagFactory
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import services
from tickets.console_properties import Choice, Property
from tickets.models import Ticket
from workspace import panes
from workspace.menus import render_menu, render_tags

pytestmark = pytest.mark.django_db

ACTION = "/en/console/inbox/t/HC-1/set/status/?view=open&topic=3"
TOKEN = "a" * 64


def both(prop: Property, language: str) -> tuple[str, str]:
    with translation.override(language):
        written = render_menu(prop, action=ACTION, csrf_token=TOKEN)
        template = render_to_string(
            "workspace/_menu.html", {"prop": prop, "action": ACTION, "csrf_token": TOKEN}
        )
    return written, template


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_written_menus_of_a_ticket_equal_the_template(category, language):
    CategoryFactory(slug="odd", name_en='Odd <b>"topic"</b> & co', name_zh_hans="<怪>")
    supervisor = staff_user("supervisor", first_name="<Li>", last_name='"Na" & co')
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=supervisor, by=supervisor)
    pane = panes.ticket_pane(user=supervisor, ticket=Ticket.objects.get(pk=ticket.pk))

    pairs = [both(prop, language) for prop in pane["properties"]]

    assert [written for written, _ in pairs] == [template for _, template in pairs]
    assert len(pairs) == 4


def test_a_written_menu_without_choices_equals_the_template():
    prop = Property("assignee", "Assignee", "<Nobody> & co", [], "e")

    written, template = both(prop, "en")

    assert written == template


def test_a_written_menu_with_a_solve_choice_equals_the_template():
    prop = Property(
        "status",
        "Status",
        "Open",
        [Choice("open", "Open", True), Choice("solved", "Solved & <done>", False)],
        "s",
    )

    written, template = both(prop, "en")

    assert written == template


URLS = {"tag": "/en/console/inbox/t/HC-1/tag/?view=open&q=<b>", "macro": "/x/macro/?a=1&b=2"}


def both_tags(tagging: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        written = render_tags(tagging, urls=URLS, csrf_token=TOKEN)
        template = render_to_string(
            "workspace/_pane_tags.html",
            {"tagging": tagging, "pane_urls": URLS, "csrf_token": TOKEN},
        )
    return written, template


@pytest.fixture
def hostile_tags(db):
    on = TagFactory(name_en='VIP <b>"now"</b> & co', name_zh_hans="<贵宾>", colour="red")
    TagFactory(name_en="Refund", name_zh_hans="退款&", colour="")
    retired = TagFactory(name_en="Old & gone", name_zh_hans="旧", is_active=True)
    MacroFactory(title_en='Close <as> "spam"', title_zh_hans="关闭&", scope=Macro.Scope.TICKETS)
    return on, retired


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_written_tags_of_a_tagged_ticket_equal_the_template(
    category, agent, hostile_tags, language
):
    on, retired = hostile_tags
    ticket = TicketFactory(category=category)
    macro_services.ticket_tag_set(ticket=ticket, tag=on, on=True, by=agent)
    macro_services.ticket_tag_set(ticket=ticket, tag=retired, on=True, by=agent)
    retired.is_active = False
    retired.save()  # still on the ticket: offered to take off

    written, template = both_tags(panes.pane_tagging(kind="ticket", work_id=ticket.pk), language)

    assert written == template
    assert written.count('aria-checked="true"') == 2
    assert 'id="wp-macro-menu"' in written


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_written_tags_of_an_untagged_chat_without_macros_equal_the_template(language):
    tagging = {"tags": [], "choices": [], "macros": []}

    written, template = both_tags(tagging, language)

    assert written == template
    assert "wp-tags__none" in written
