"""Tags live in every open inbox: putting a tag on a ticket or chat, or taking it off, from the
pane or the bulk bar, sends the agent socket's ``inbox`` frame once it commits, and the inbox's
next read of its view carries the row's new chips, as the inbox does for any row change (no
reload, no new frame). Real daphne, real sockets, in both passes."""

import httpx
import pytest
from django.urls import reverse
from django.utils import translation

from macros.models import TicketTag
from tests.factories import staff_user
from tests.macros.factories import TagFactory
from tests.teams.sockets import agent_socket
from tests.tickets.factories import TicketFactory
from tests.workspace.http import post_form, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
CHIP = '<span class="tag-chip tag-chip--blue">Refund</span>'


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def rows(client: httpx.Client, base: str, view: str) -> str:
    """The view's rows as the inbox reads them again after an ``inbox`` frame (HTML)."""
    return client.get(f"{base}{en('workspace:inbox-rows')}?view={view}").json()["rows"]


def test_a_tag_put_on_a_ticket_in_the_pane_shows_in_a_colleagues_open_inbox(
    live_daphne, category, agent
):
    base = live_daphne.url
    ticket = TicketFactory(category=category)
    refund = TagFactory(name_en="Refund")
    colleague = staff_user("agent")
    watching, inbox = signed_in(colleague), agent_socket(live_daphne, colleague)
    before = rows(watching, base, "unassigned")

    added = post_form(
        signed_in(agent),
        f"{base}{en('workspace:ticket-tag', ticket.reference)}",
        {"add": refund.pk},
        page=f"{base}{en('workspace:ticket', ticket.reference)}",
    )
    frame = inbox.expect("inbox")
    after = rows(watching, base, "unassigned")

    assert added.status_code == 302
    assert frame == {"type": "inbox", "changed": ["ticket"]}
    assert CHIP not in before
    assert CHIP in after


def test_a_tag_taken_off_a_ticket_leaves_the_open_inboxes(live_daphne, category, agent):
    base = live_daphne.url
    ticket = TicketFactory(category=category)
    refund = TagFactory(name_en="Refund")
    TicketTag.objects.create(ticket=ticket, tag=refund)
    supervisor = staff_user("supervisor")
    watching, inbox = signed_in(supervisor), agent_socket(live_daphne, supervisor)
    before = rows(watching, base, "unassigned")

    post_form(
        signed_in(agent),
        f"{base}{en('workspace:ticket-tag', ticket.reference)}",
        {"remove": refund.pk},
        page=f"{base}{en('workspace:ticket', ticket.reference)}",
    )
    frame = inbox.expect("inbox")
    after = rows(watching, base, "unassigned")

    assert frame == {"type": "inbox", "changed": ["ticket"]}
    assert CHIP in before
    assert CHIP not in after


def test_a_tag_put_on_a_chat_shows_in_the_agents_other_tab(live_daphne, agent, active_chat):
    base = live_daphne.url
    refund = TagFactory(name_en="Refund")
    other_tab, inbox = signed_in(agent), agent_socket(live_daphne, agent)
    before = rows(other_tab, base, "mine")

    post_form(
        signed_in(agent),
        f"{base}{en('workspace:chat-tag', active_chat.pk)}",
        {"add": refund.pk},
        page=f"{base}{en('workspace:chat', active_chat.pk)}",
    )
    frame = inbox.expect("inbox")
    after = rows(other_tab, base, "mine")

    assert frame == {"type": "inbox", "changed": ["chat"]}
    assert CHIP not in before
    assert CHIP in after


def test_tagging_two_tickets_from_the_bulk_bar_sends_one_frame_and_both_rows_show_it(
    live_daphne, category, agent, active_chat
):
    base = live_daphne.url
    tickets = [TicketFactory(category=category), TicketFactory(category=category)]
    refund = TagFactory(name_en="Refund")
    colleague = staff_user("agent")
    watching, inbox = signed_in(colleague), agent_socket(live_daphne, colleague)
    console = signed_in(agent)

    tagged = post_form(
        console,
        f"{base}{en('workspace:inbox-bulk')}",
        {
            "references": [t.reference for t in tickets],
            "action": f"tag:{refund.pk}",
            "list": "view=open",
        },
        page=f"{base}{en('console-home')}?view=open",
    )
    after = rows(watching, base, "open")
    # A chat's tag afterwards: its frame ("chat") marks the end of the bulk action's frames.
    post_form(
        console,
        f"{base}{en('workspace:chat-tag', active_chat.pk)}",
        {"add": refund.pk},
        page=f"{base}{en('workspace:chat', active_chat.pk)}",
    )
    frames = [inbox.expect("inbox")]
    while frames[-1]["changed"] != ["chat"]:
        frames.append(inbox.expect("inbox"))

    assert tagged.status_code == 302
    assert frames == [
        {"type": "inbox", "changed": ["ticket"]},
        {"type": "inbox", "changed": ["chat"]},
    ]
    assert after.count(CHIP) == 2
