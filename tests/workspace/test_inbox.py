"""The staff inbox: views, their order and counters, rows of both kinds, access, and a number
of queries that does not grow with the rows."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core import realtime
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets import services, sla
from tickets.models import Ticket
from workspace import selectors

pytestmark = pytest.mark.django_db


def keys(view: str, user, **kwargs) -> list[str]:
    rows = selectors.inbox_rows(user=user, view=selectors.VIEWS_BY_SLUG[view], **kwargs)
    return [row.key for row in rows]


def test_open_work_is_ordered_breached_first_then_by_time_left(category, agent):
    old = TicketFactory(category=category)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
        newer = TicketFactory(category=category)
    urgent = TicketFactory(category=category)
    Ticket.objects.filter(pk=urgent.pk).update(sla_due_at=timezone.now() - dt.timedelta(hours=1))

    assert keys("open", agent) == [
        f"ticket-{urgent.reference}",
        f"ticket-{old.reference}",
        f"ticket-{newer.reference}",
    ]


def test_a_ticket_waiting_for_the_customer_has_no_clock_and_comes_after_running_ones(
    category, agent
):
    waiting = TicketFactory(category=category)
    services.ticket_reply(ticket=waiting, author=agent, body="Which card?")
    services.ticket_set_status(ticket=waiting, status=Ticket.Status.PENDING_CUSTOMER, by=agent)
    running = TicketFactory(category=category)

    assert keys("open", agent) == [f"ticket-{running.reference}", f"ticket-{waiting.reference}"]
    assert keys("pending", agent) == [f"ticket-{waiting.reference}"]


def test_sla_at_risk_lists_the_tickets_past_three_quarters_of_their_target(category, agent):
    start = timezone.now()
    with time_machine.travel(start - dt.timedelta(hours=6)):
        TicketFactory(category=category)  # 25 h later: its 24 h first response is missed
    with time_machine.travel(start):
        at_risk = TicketFactory(category=category)
    with time_machine.travel(start + dt.timedelta(hours=10)):
        TicketFactory(category=category)  # 9 h later: on track

    with time_machine.travel(start + dt.timedelta(hours=19)):
        listed = keys("at-risk", agent)
        counted = Ticket.objects.filter(sla.at_risk_q(timezone.now())).count()

    assert listed == [f"ticket-{at_risk.reference}"]
    assert counted == 1


def test_mine_holds_my_tickets_and_my_chats_unassigned_holds_nobodys(category, agent):
    mine = TicketFactory(category=category)
    services.ticket_assign(ticket=mine, assignee=agent, by=agent)
    nobodys = TicketFactory(category=category)
    PresenceFactory(user=agent, capacity=2)
    chat = ConversationFactory()  # routed to the one agent online

    assert keys("mine", agent) == [f"chat-{chat.pk}", f"ticket-{mine.reference}"]
    assert keys("unassigned", agent) == [f"ticket-{nobodys.reference}"]


def test_waiting_chats_are_listed_longest_wait_first(agent, busy_colleague):
    first = ConversationFactory()
    second = ConversationFactory()

    assert keys("chats", agent) == [f"chat-{first.pk}", f"chat-{second.pk}"]


def test_counters_follow_assignment_and_status(category, agent, django_capture_on_commit_callbacks):
    ticket = TicketFactory(category=category)
    before = selectors.inbox_counts(user=agent)

    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_assign(ticket=ticket, assignee=agent, by=agent)
    assert realtime.flush(timeout=10)  # the counters' version moves before the frame leaves
    assigned = selectors.inbox_counts(user=agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)
    assert realtime.flush(timeout=10)
    solved = selectors.inbox_counts(user=agent)

    assert (before["unassigned"], before["mine"], before["open"]) == (1, 0, 1)
    assert (assigned["unassigned"], assigned["mine"], assigned["open"]) == (0, 1, 1)
    assert (solved["unassigned"], solved["mine"], solved["open"]) == (0, 0, 0)
    assert keys("solved", agent) == [f"ticket-{ticket.reference}"]


def test_a_customer_reply_after_the_assignee_read_the_ticket_is_unread(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)
    services.ticket_mark_read(ticket=Ticket.objects.get(pk=ticket.pk), by=agent)
    read = selectors.inbox_rows(user=agent, view=selectors.VIEWS_BY_SLUG["mine"])[0]

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        services.ticket_reply(ticket=ticket, author=None, body="Any news?")
    unread = selectors.inbox_rows(user=agent, view=selectors.VIEWS_BY_SLUG["mine"])[0]

    assert read.unread is False
    assert unread.unread is True
    assert unread.preview == "Any news?"


def test_someone_else_opening_a_ticket_does_not_mark_it_read(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)

    moved = services.ticket_mark_read(ticket=ticket, by=staff_user("agent"))

    assert moved is False
    assert Ticket.objects.get(pk=ticket.pk).assignee_read_at is None


def test_search_finds_a_solved_ticket_by_its_reference(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)

    found = keys("open", agent, query=ticket.reference.lower())

    assert found == [f"ticket-{ticket.reference}"]


def test_an_inbox_page_costs_the_same_queries_for_3_or_30_rows(
    client, category, agent, busy_colleague
):
    client.force_login(agent)
    for _ in range(3):
        TicketFactory(category=category)
    ConversationFactory()
    client.get(reverse("console-home") + "?view=open")  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("console-home") + "?view=open").status_code == 200
    PresenceFactory(user=agent, capacity=100)
    for _ in range(27):
        TicketFactory(category=category)
        ConversationFactory()  # routed to the one agent online: active, in "All open"
    client.get(reverse("console-home") + "?view=open")  # new topics emptied the kept menus

    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("console-home") + "?view=open")

    assert response.status_code == 200
    assert len(response.context["rows"]) == 59  # 29 active chats (the waiting one too), 30 tickets
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_live_fragment_costs_the_same_queries_for_3_or_30_rows(
    client, category, agent, busy_colleague
):
    client.force_login(agent)
    for _ in range(3):
        TicketFactory(category=category)
    url = reverse("workspace:inbox-rows") + "?view=open"
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    PresenceFactory(user=agent, capacity=100)
    for _ in range(27):
        TicketFactory(category=category)
        ConversationFactory()
    client.get(url)  # the factories' new topics emptied the kept filter lists: refill them

    with CaptureQueriesContext(connection) as many:
        data = client.get(url).json()

    assert len(data["keys"]) == 58  # 28 active chats, 30 tickets
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_live_fragment_rows_are_the_pages_rows(client, category, agent, busy_colleague):
    client.force_login(agent)
    TicketFactory(category=category)
    ConversationFactory()

    for language in ("zh-hans", "en"):
        page = client.get(f"/{language}/console/?view=open")
        data = client.get(f"/{language}/console/inbox/rows/?view=open").json()
        assert data["rows"] in page.content.decode()
        assert data["keys"] == [row.key for row in page.context["rows"]]


def test_every_view_renders_in_both_languages(client, category, agent, busy_colleague):
    client.force_login(agent)
    TicketFactory(category=category)
    ConversationFactory()

    for language in ("zh-hans", "en"):
        for view in selectors.VIEWS:
            response = client.get(f"/{language}/console/?view={view.slug}")
            assert response.status_code == 200, view.slug


def test_the_live_fragment_has_the_rows_keys_and_counters(client, category, agent):
    client.force_login(agent)
    ticket = TicketFactory(category=category)

    data = client.get(reverse("workspace:inbox-rows") + "?view=unassigned").json()

    assert data["keys"] == [f"ticket-{ticket.reference}"]
    assert ticket.reference in data["rows"]
    assert data["counts"]["unassigned"] == 1


def test_customers_and_strangers_cannot_open_the_inbox(client, customer):
    anonymous = client.get(reverse("console-home"))
    client.force_login(customer)
    signed_in = client.get(reverse("workspace:inbox-rows"))

    assert anonymous.status_code == 302
    assert signed_in.status_code == 403


def test_staff_who_sign_in_land_in_the_console_in_the_language_they_chose(client, agent):
    agent.set_password("pass-for-test-2026")
    agent.save()

    response = client.post(
        "/en/account/login/", {"username": agent.username, "password": "pass-for-test-2026"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/console/"


def test_opening_a_ticket_marks_it_read_for_its_assignee(client, category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)
    client.force_login(agent)

    client.get(reverse("tickets_console:detail", args=[ticket.reference]))

    assert Ticket.objects.get(pk=ticket.pk).assignee_read_at is not None


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_row_address_equals_the_reversed_one(language):
    with translation.override(language):
        ticket = selectors.row_url("workspace:ticket", "HC-2026-000042")
        chat = selectors.row_url("workspace:chat", 42)

        assert ticket == reverse("workspace:ticket", args=["HC-2026-000042"])
        assert chat == reverse("workspace:chat", args=[42])


PANE_ADDRESSES = [
    *(
        (name, "HC-2026-000042")
        for name in (
            "workspace:ticket-pane",
            "workspace:ticket-reply",
            "workspace:ticket-tag",
            "workspace:ticket-macro",
            "tickets_console:detail",
        )
    ),
    *((name, 42) for name in ("workspace:chat-pane", "workspace:chat-tag", "workspace:chat-macro")),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("name", "value"), PANE_ADDRESSES)
def test_a_pane_address_equals_the_reversed_one(language, name, value):
    with translation.override(language):
        assert selectors.row_url(name, value) == reverse(name, args=[value])
