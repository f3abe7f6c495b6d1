"""The console's ticket page, new-request page and Requests list use the staff workspace's
components, not browser-default widgets: the ticket page's property menus and composer are the
pane's (workspace/_menu.html, workspace/_composer.html), posting to the page's own actions, and
they work as plain form posts without JavaScript."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import staff_user
from tests.tickets.factories import TicketFactory, png_bytes
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_the_ticket_page_has_the_panes_four_menus_posting_to_its_own_actions(
    agent_client, category
):
    ticket = TicketFactory(category=category)

    page = main(agent_client.get(f"/en/console/tickets/{ticket.reference}/"))

    base = f"/en/console/tickets/{ticket.reference}/"
    for name, action in [
        ("status", "status"),
        ("priority", "priority"),
        ("category", "category"),
        ("assignee", "assign"),
    ]:
        assert f'id="wp-{name}-button" aria-haspopup="menu"' in page
        assert re.search(rf'id="wp-{name}-menu" role="menu"[^>]*action="{base}{action}/"', page)
    assert "<select" not in page
    assert ">Set</button>" not in page
    assert 'type="radio"' in page  # the composer's tabs (styled), nothing else
    assert 'id="wp-compose"' in page
    assert f'action="{base}reply/"' in page


def test_a_closed_tickets_page_shows_its_properties_without_menus(agent_client, agent, category):
    ticket = TicketFactory(category=category)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.CLOSED, by=agent)

    page = main(agent_client.get(f"/en/console/tickets/{ticket.reference}/"))

    assert 'aria-haspopup="menu"' not in page.split('class="wp-props')[1].split("</div>")[0]
    assert "This request is closed: it takes no more replies." in page


def test_one_click_on_a_status_item_posts_the_status_alone(agent_client, category):
    ticket = TicketFactory(category=category)
    page = main(agent_client.get(f"/en/console/tickets/{ticket.reference}/"))
    item = re.search(r'<button type="submit"[^>]*name="status" value="open"', page)
    assert item is not None

    response = agent_client.post(
        f"/en/console/tickets/{ticket.reference}/status/", {"status": "open"}, follow=True
    )

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert response.redirect_chain[-1][0] == f"/en/console/tickets/{ticket.reference}/"


def test_send_and_solve_from_the_composer_works_without_javascript(agent_client, category):
    ticket = TicketFactory(category=category)
    screenshot = SimpleUploadedFile("receipt.png", png_bytes(), "image/png")

    response = agent_client.post(
        f"/en/console/tickets/{ticket.reference}/reply/",
        {
            "kind": "reply",
            "body": "Refunded.",
            "then_status": "solved",
            "attachments": [screenshot],
        },
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.SOLVED
    assert ticket.messages.get(body="Refunded.").attachments.get().original_name == "receipt.png"


def test_a_refused_note_comes_back_on_the_note_tab_with_its_text(agent_client, category):
    ticket = TicketFactory(category=category)
    fake = SimpleUploadedFile("x.png", b"<html></html>", "image/png")

    response = agent_client.post(
        f"/en/console/tickets/{ticket.reference}/reply/",
        {"kind": "note", "body": "Checked with risk.", "attachments": [fake]},
    )

    page = main(response)
    assert response.status_code == 400
    assert 'class="wp-compose is-note"' in page
    assert 'value="note" id="wp-kind-note" checked' in page
    assert ">Checked with risk.</textarea>" in page


def test_the_collisions_send_anyway_button_sends_the_composer(agent_client, category):
    ticket = TicketFactory(category=category)
    seen = services.last_public_message_id(ticket)
    colleague = staff_user("agent")
    services.ticket_reply(ticket=ticket, author=colleague, body="Done already.")

    response = agent_client.post(
        f"/en/console/tickets/{ticket.reference}/reply/",
        {"kind": "reply", "body": "My answer.", "last_seen_message": seen},
    )

    assert response.status_code == 409
    assert 'name="send_anyway" value="1" form="wp-compose"' in main(response)


def test_the_new_request_page_offers_came_by_as_radio_cards_and_styled_selects(agent_client):
    page = main(agent_client.get("/en/console/tickets/new/"))

    assert '<fieldset class="field tc-came' in page
    assert page.count('class="tc-card"') == 3
    assert page.count("tc-select") == 2  # language and category
    assert 'value="phone" id="id_source_0" checked' in page


def test_the_new_request_page_in_chinese(client, agent):
    client.force_login(agent)

    page = main(client.get("/zh-hans/console/tickets/new/"))

    assert "来源" in page
    assert "电话" in page


def test_the_requests_lists_filters_are_the_inboxs_filter_bar(agent_client):
    page = main(agent_client.get("/en/console/tickets/"))

    assert page.count('<label class="ib-filter">') == 4
    assert 'class="ib-filters__apply"' in page
