"""The pane's property menus written in Python (workspace.menus) equal the menu template of
record (workspace/_menu.html) for every property of a ticket, with and without choices,
hostile labels included, in both languages."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import staff_user
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import services
from tickets.models import Ticket
from workspace import panes
from workspace.menus import render_menu
from workspace.panes import Choice, Property

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
