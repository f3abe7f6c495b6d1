"""The conversation pane: the full page and the fragment render the same conversation, access
checks, one-click properties, "send and set status" in one transaction, the canned picker of
the pane's kind, the customer panel, and a number of queries that does not grow with the
thread or the customer's history."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chat import services as chat_services
from core.uploads import clean_upload
from insights import services as insight_services
from insights.models import Event
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.faq.factories import ArticleFactory
from tests.tickets.factories import CannedResponseFactory, TicketFactory, png_bytes
from tickets import services
from tickets.models import CannedResponse, Ticket, TicketMessage

pytestmark = pytest.mark.django_db

PANE = {"HTTP_X_PANE": "1"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def pane_html(response) -> str:
    """The pane element of a page or a fragment, without the per-response CSRF values."""
    html = response.content.decode()
    start = html.index('<article class="wp"')
    end = html.index("</article>", start) + len("</article>")
    return CSRF.sub("", html[start:end])


def ticket_url(name: str, ticket: Ticket, *args: str) -> str:
    return reverse(f"workspace:{name}", args=[ticket.reference, *args])


def en(path: str) -> str:
    """The English page of a (default, Chinese) path."""
    return path.replace("/zh-hans/", "/en/", 1)


def test_the_full_page_and_the_fragment_render_the_same_ticket(client, category, agent):
    ticket = TicketFactory(category=category, subject="Top-up missing")
    services.ticket_reply(ticket=ticket, author=agent, body="Checking the top-up.", internal=True)
    client.force_login(agent)

    page = client.get(ticket_url("ticket", ticket) + "?view=open")
    fragment = client.get(ticket_url("ticket-pane", ticket) + "?view=open")

    assert page.status_code == fragment.status_code == 200
    assert 'id="ib-rows"' in page.content.decode()  # the list beside it
    assert 'id="ib-rows"' not in fragment.content.decode()
    assert pane_html(page) == pane_html(fragment)
    assert "Top-up missing" in pane_html(page)
    assert "Checking the top-up." in pane_html(page)


def test_the_full_page_and_the_fragment_render_the_same_chat(client, agent):
    PresenceFactory(user=agent)
    chat = ConversationFactory(message="My top-up is missing")
    client.force_login(agent)

    page = client.get(reverse("workspace:chat", args=[chat.pk]))
    fragment = client.get(reverse("workspace:chat-pane", args=[chat.pk]))

    assert page.status_code == fragment.status_code == 200
    assert pane_html(page) == pane_html(fragment)
    assert "My top-up is missing" in pane_html(page)


def test_the_thread_shows_customer_messages_replies_notes_and_events(client, category, agent):
    ticket = TicketFactory(category=category, description="The top-up did not arrive.")
    services.ticket_reply(ticket=ticket, author=agent, body="We are on it.")
    services.ticket_reply(ticket=ticket, author=agent, body="Bank says T+1.", internal=True)
    services.ticket_set_priority(ticket=ticket, priority=Ticket.Priority.URGENT, by=agent)
    client.force_login(agent)

    html = pane_html(client.get(f"/en/console/inbox/t/{ticket.reference}/pane/"))

    assert "wp-msg--customer" in html
    assert "wp-msg--agent" in html
    assert "wp-msg--note" in html
    assert "Priority" in html  # the system event, between the messages
    assert html.index("We are on it.") < html.index("Bank says T+1.")


def test_the_rows_open_the_pane_and_keep_the_view(client, category, agent):
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    html = client.get(reverse("console-home") + "?view=unassigned").content.decode()

    assert f'href="{ticket_url("ticket", ticket)}?view=unassigned"' in html


def test_customers_and_strangers_cannot_open_a_pane(client, category, customer):
    ticket = TicketFactory(category=category, customer=customer)
    url = ticket_url("ticket-pane", ticket)

    anonymous = client.get(url)
    client.force_login(customer)
    own_ticket = client.get(url)
    reply = client.post(ticket_url("ticket-reply", ticket), {"kind": "reply", "body": "Hi"})

    assert anonymous.status_code == 302
    assert own_ticket.status_code == 403
    assert reply.status_code == 403
    assert ticket.messages.count() == 1


def test_staff_without_a_console_role_cannot_open_a_pane(client, category):
    ticket = TicketFactory(category=category)
    clerk = staff_user("agent")
    clerk.groups.clear()
    client.force_login(clerk)

    assert client.get(ticket_url("ticket-pane", ticket)).status_code == 403


def test_an_unknown_ticket_or_chat_is_not_found(client, agent):
    client.force_login(agent)

    assert client.get("/en/console/inbox/t/HC-2026-999999/").status_code == 404
    assert client.get("/en/console/inbox/c/999999/pane/").status_code == 404


def test_an_agent_cannot_take_a_colleagues_ticket_in_one_click(client, category, agent):
    colleague = staff_user("agent")
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=colleague, by=colleague)
    client.force_login(agent)

    response = client.post(
        ticket_url("ticket-property", ticket, "assignee"), {"assignee": "me"}, **PANE
    )

    assert response.status_code == 403
    assert "Only a supervisor" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).assignee == colleague


def test_one_click_sets_the_status_and_answers_with_the_updated_pane(client, category, agent):
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    response = client.post(
        en(ticket_url("ticket-property", ticket, "status")),
        {"status": Ticket.Status.PENDING_CUSTOMER},
        **PANE,
    )

    assert response.status_code == 200
    assert "Status set to Waiting for customer." in response.content.decode()
    assert 'aria-checked="true" name="status" value="pending_customer"' in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.PENDING_CUSTOMER


def test_a_form_of_the_pane_fragment_posts_with_its_own_csrf_token(category, agent):
    ticket = TicketFactory(category=category)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agent)
    fragment = browser.get(en(ticket_url("ticket-pane", ticket))).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', fragment).group(1)

    response = browser.post(
        en(ticket_url("ticket-property", ticket, "priority")),
        {"priority": Ticket.Priority.HIGH, "csrfmiddlewaretoken": token},
        **PANE,
    )

    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).priority == Ticket.Priority.HIGH


def test_one_click_topic_priority_and_assign_to_me(client, category, agent):
    other = type(category).objects.create(
        slug="top-up", name_en="Top-up", name_zh_hans="充值", position=2
    )
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    client.post(ticket_url("ticket-property", ticket, "category"), {"category": other.pk}, **PANE)
    client.post(ticket_url("ticket-property", ticket, "priority"), {"priority": "urgent"}, **PANE)
    client.post(ticket_url("ticket-property", ticket, "assignee"), {"assignee": "me"}, **PANE)

    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.category, stored.priority, stored.assignee) == (other, "urgent", agent)


def test_a_property_posted_without_javascript_goes_back_to_the_full_page(client, category, agent):
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    response = client.post(
        ticket_url("ticket-property", ticket, "priority") + "?view=open", {"priority": "low"}
    )

    assert response.status_code == 302
    assert response["Location"] == ticket_url("ticket", ticket) + "?view=open"


def test_send_and_set_status_stores_the_reply_and_solves_in_one_step(client, category, agent):
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    response = client.post(
        ticket_url("ticket-reply", ticket),
        {
            "kind": "reply",
            "body": "Refunded today.",
            "then_status": "solved",
            "last_seen_message": "1",
        },
        **PANE,
    )

    stored = Ticket.objects.get(pk=ticket.pk)
    assert response.status_code == 200
    assert stored.status == Ticket.Status.SOLVED
    assert stored.assignee == agent  # the first public reply took it
    assert stored.messages.last().body == "Refunded today."


def test_a_refused_status_leaves_the_reply_unsent(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_reply(ticket=ticket, author=agent, body="On it.")  # new → open

    with pytest.raises(ValidationError):
        services.ticket_reply(
            ticket=ticket, author=agent, body="Second answer", then_status=Ticket.Status.NEW
        )

    assert not TicketMessage.objects.filter(body="Second answer").exists()
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.OPEN


def test_a_note_can_set_the_status_too(category, agent):
    ticket = TicketFactory(category=category)

    services.ticket_reply(
        ticket=ticket,
        author=agent,
        body="Waiting for the bank.",
        internal=True,
        then_status=Ticket.Status.PENDING_CUSTOMER,
    )

    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.PENDING_CUSTOMER


def test_a_customer_cannot_set_the_status_with_a_reply(category, customer):
    ticket = TicketFactory(category=category, customer=customer)

    with pytest.raises(ValidationError):
        services.ticket_reply(
            ticket=ticket, author=customer, body="Done?", then_status=Ticket.Status.CLOSED
        )


def test_a_refused_reply_keeps_the_text_in_the_composer(client, category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.CLOSED, by=agent)
    client.force_login(agent)

    response = client.post(
        ticket_url("ticket-reply", ticket), {"kind": "reply", "body": "Late answer"}, **PANE
    )

    assert response.status_code == 400
    assert "Late answer</textarea>" in response.content.decode()


def test_the_composer_posts_the_newest_message_seen(client, category, agent):
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    html = pane_html(client.get(ticket_url("ticket-pane", ticket)))

    assert f'name="last_seen_message" value="{ticket.messages.get().pk}"' in html


def test_the_canned_picker_offers_only_the_responses_of_the_panes_kind(client, category, agent):
    CannedResponseFactory(title_en="For tickets", scope=CannedResponse.Scope.TICKETS)
    CannedResponseFactory(
        title_en="For chats",
        scope=CannedResponse.Scope.CHATS,
        body_en="Hello {customer_name}, this is {agent_name}.",
    )
    CannedResponseFactory(
        title_en="For both", scope=CannedResponse.Scope.BOTH, body_en="Thanks {customer_name}."
    )
    PresenceFactory(user=agent)
    chat = ConversationFactory(name="Li Wei")
    ticket = TicketFactory(category=category, name="Wang Fang")
    client.force_login(agent)

    ticket_pane = pane_html(client.get(en(ticket_url("ticket-pane", ticket))))
    chat_pane = pane_html(client.get(f"/en/console/inbox/c/{chat.pk}/pane/"))

    assert "For tickets" in ticket_pane
    assert "For both" in ticket_pane
    assert "For chats" not in ticket_pane
    assert (
        f"this is {agent.get_full_name() or agent.username} about {ticket.reference}."
        in ticket_pane
    )
    assert "For chats" in chat_pane
    assert "For both" in chat_pane
    assert "For tickets" not in chat_pane
    assert "Thanks Li Wei." in chat_pane


def test_the_customer_panel_has_earlier_requests_and_chats_with_ratings(
    client, category, agent, customer
):
    earlier = TicketFactory(category=category, customer=customer, subject="Card declined")
    services.ticket_set_status(ticket=earlier, status=Ticket.Status.SOLVED, by=agent)
    services.ticket_rate(ticket=earlier, score=4, comment="Quick")
    PresenceFactory(user=agent)
    chat = ConversationFactory(customer=customer, email=customer.email)
    chat_services.conversation_close(conversation_id=chat.pk, by_customer=True)
    chat_services.conversation_rate(conversation_id=chat.pk, score=2)
    ticket = TicketFactory(category=category, customer=customer)
    client.force_login(agent)

    html = pane_html(client.get(en(ticket_url("ticket-pane", ticket))))

    assert earlier.reference in html
    assert "4 of 5" in html
    assert "2 of 5" in html
    assert "Signed-in customer" in html
    assert "Not rated yet" in html  # this request


def test_the_customer_panel_shows_the_rating_of_this_conversation(client, category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)
    services.ticket_rate(ticket=ticket, score=5, comment="Very kind")
    client.force_login(agent)

    html = pane_html(client.get(en(ticket_url("ticket-pane", ticket))))

    assert "5 of 5" in html
    assert "Very kind" in html


def test_the_customer_panel_lists_the_articles_viewed_before_the_request(client, category, agent):
    article = ArticleFactory(title_en="Why a top-up is delayed")
    ticket = TicketFactory(category=category)
    now = timezone.now()
    insight_services.event_record(
        kind=Event.Kind.ARTICLE_VIEWED,
        visitor="v-1",
        article_id=article.pk,
        at=now - dt.timedelta(minutes=5),
    )
    insight_services.event_record(
        kind=Event.Kind.REQUEST_STARTED, visitor="v-1", ticket_id=ticket.pk, at=now
    )
    client.force_login(agent)

    html = pane_html(client.get(en(ticket_url("ticket-pane", ticket))))

    assert "Why a top-up is delayed" in html


def test_a_ticket_pane_costs_the_same_queries_for_a_short_and_a_long_history(
    client, category, agent, busy_colleague
):
    ticket = TicketFactory(category=category, email="emma@example.com")
    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)  # opening it marks it read
    client.force_login(agent)
    url = ticket_url("ticket-pane", ticket)
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(10):
        services.ticket_reply(
            ticket=ticket,
            author=agent,
            body=f"Reply {n}",
            internal=n % 2 == 0,
            uploads=[SimpleUploadedFile(f"step-{n}.png", png_bytes(), "image/png")],
        )
        TicketFactory(category=category, email="emma@example.com")
        ConversationFactory(email="emma@example.com")
    CannedResponseFactory.create_batch(5)
    client.get(url)  # the edits emptied the kept canned responses and topics: kept again

    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries)


def send_screenshot(chat, n: int) -> None:
    chat_services.message_send_files(
        conversation_id=chat.pk,
        sender_kind="customer",
        client_id=f"files-{n}",
        body=f"Screenshot {n}",
        uploads=[clean_upload(SimpleUploadedFile(f"s{n}.png", png_bytes(), "image/png"))],
    )


def test_a_chat_pane_costs_the_same_queries_for_a_short_and_a_long_history(
    client, category, agent, busy_colleague
):
    chat = ConversationFactory(email="li@example.com")
    send_screenshot(chat, 0)  # files are read in one query once a message has one
    client.force_login(agent)
    url = reverse("workspace:chat-pane", args=[chat.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(1, 11):
        send_screenshot(chat, n)
        ConversationFactory(email="li@example.com")
        TicketFactory(category=category, email="li@example.com")
    client.get(url)  # the new chats' topics emptied the kept topics: kept again

    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries)
