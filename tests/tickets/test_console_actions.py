"""Every console action through its view: replies, notes, canned responses, status, priority,
category, assignment (with the role rules) and merging."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import staff_user
from tests.tickets.factories import (
    CannedResponseFactory,
    CategoryFactory,
    TicketFactory,
    png_bytes,
)
from tickets import services
from tickets.models import Notification, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def url(ticket: Ticket, action: str = "") -> str:
    return f"/en/console/tickets/{ticket.reference}/{action + '/' if action else ''}"


def flashes(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- The ticket page -----------------------------------------------------------------------


def test_ticket_page_shows_thread_customer_and_sla(agent_client, category, customer):
    ticket = TicketFactory(category=category, customer=customer, transaction_number="TXN-0042")

    response = agent_client.get(url(ticket))

    page = response.content.decode()
    assert response.status_code == 200
    assert "The payment failed with an error" in page
    assert ticket.customer_email in page
    assert "TXN-0042" in page
    assert "On track" in page


def test_ticket_page_lists_the_customers_other_requests(agent_client, category, customer):
    ticket = TicketFactory(category=category, customer=customer)
    earlier = TicketFactory(category=category, customer=customer, subject="Earlier top-up")

    response = agent_client.get(url(ticket))

    assert [t.reference for t in response.context["other_tickets"]] == [earlier.reference]


def test_ticket_page_links_attachments_to_the_checked_download(agent_client, category):
    upload = SimpleUploadedFile("screenshot.png", png_bytes(), "image/png")
    ticket = TicketFactory(category=category, uploads=[upload])
    attachment = ticket.messages.get().attachments.get()
    download = f"/en/requests/{ticket.reference}/files/{attachment.pk}/"

    page = agent_client.get(url(ticket)).content.decode()
    response = agent_client.get(download)

    assert download in page
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_ticket_page_renders_in_chinese(client, agent, category):
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    response = client.get(f"/zh-hans/console/tickets/{ticket.reference}/")

    assert "内部备注" in response.content.decode()


# --- Reply and internal note ---------------------------------------------------------------


def test_reply_appears_in_the_thread_and_is_emailed(agent_client, agent, category):
    ticket = TicketFactory(category=category)

    response = agent_client.post(
        url(ticket, "reply"), {"kind": "reply", "body": "We refunded the payment."}, follow=True
    )

    assert "We refunded the payment." in response.content.decode()
    assert ticket.messages.filter(internal=False, author=agent).count() == 1
    assert Notification.objects.filter(ticket=ticket, kind="agent_reply").count() == 1


def test_reply_can_set_the_ticket_waiting_for_the_customer(agent_client, category):
    ticket = TicketFactory(category=category)

    agent_client.post(
        url(ticket, "reply"),
        {"kind": "reply", "body": "Please send the receipt.", "then_status": "pending_customer"},
    )

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.PENDING_CUSTOMER


def test_reply_with_a_screenshot_stores_the_attachment(agent_client, category):
    ticket = TicketFactory(category=category)
    upload = SimpleUploadedFile("steps.png", png_bytes(), "image/png")

    agent_client.post(
        url(ticket, "reply"), {"kind": "reply", "body": "See the steps.", "attachments": [upload]}
    )

    reply = ticket.messages.get(body="See the steps.")
    assert reply.attachments.get().original_name == "steps.png"


def test_internal_note_is_not_shown_to_the_customer(client, agent, customer, category):
    ticket = TicketFactory(category=category, customer=customer)
    client.force_login(agent)
    client.post(url(ticket, "reply"), {"kind": "note", "body": "Checked the ledger: suspicious."})
    client.force_login(customer)

    response = client.get(f"/en/requests/{ticket.reference}/")

    assert response.status_code == 200
    assert "Checked the ledger" not in response.content.decode()
    assert ticket.messages.get(body__startswith="Checked").internal is True
    assert not Notification.objects.filter(ticket=ticket, kind="agent_reply").exists()


def test_internal_note_is_marked_as_such_in_the_console(agent_client, category):
    ticket = TicketFactory(category=category)
    agent_client.post(url(ticket, "reply"), {"kind": "note", "body": "Escalated to risk team."})

    page = agent_client.get(url(ticket)).content.decode()

    note_start = page.index('data-kind="note"')
    assert page.index("Escalated to risk team.") > note_start


def test_refused_attachment_keeps_the_typed_text(agent_client, category):
    ticket = TicketFactory(category=category)
    fake = SimpleUploadedFile("receipt.png", b"<html><script>alert(1)</script></html>", "image/png")

    response = agent_client.post(
        url(ticket, "reply"),
        {"kind": "reply", "body": "A long answer I do not want to lose.", "attachments": [fake]},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "A long answer I do not want to lose." in page
    assert "receipt.png" in page
    assert not ticket.messages.filter(body__startswith="A long answer").exists()


def test_reply_to_a_closed_ticket_is_refused(agent_client, agent, category):
    ticket = TicketFactory(category=category)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.CLOSED, by=agent)

    response = agent_client.post(url(ticket, "reply"), {"kind": "reply", "body": "Late answer."})

    assert response.status_code == 400
    assert "This request is closed." in response.content.decode()
    assert not ticket.messages.filter(body="Late answer.").exists()


# --- Canned responses ----------------------------------------------------------------------


def test_canned_response_is_rendered_for_this_customer(client, category):
    agent = staff_user("agent", first_name="Lina", last_name="")
    canned = CannedResponseFactory()
    ticket = TicketFactory(category=category, name="Wang Fang", language="en")
    client.force_login(agent)

    response = client.get(url(ticket, "canned"), {"id": canned.pk})

    assert response.json() == {"text": f"Hello Wang Fang, this is Lina about {ticket.reference}."}


def test_canned_response_uses_the_customers_language(agent_client, category):
    canned = CannedResponseFactory()
    ticket = TicketFactory(category=category, name="王芳", language="zh-hans")

    response = agent_client.get(url(ticket, "canned"), {"id": canned.pk})

    assert response.json()["text"].startswith("王芳，您好！")


def test_canned_response_fills_the_reply_box_without_javascript(agent_client, category):
    canned = CannedResponseFactory()
    ticket = TicketFactory(category=category, name="Wang Fang", language="en")

    response = agent_client.get(url(ticket), {"canned": canned.pk})

    assert response.context["reply_form"].initial["body"].startswith("Hello Wang Fang")


def test_inactive_canned_response_is_not_found(agent_client, category):
    canned = CannedResponseFactory(is_active=False)
    ticket = TicketFactory(category=category)

    response = agent_client.get(url(ticket, "canned"), {"id": canned.pk})

    assert response.status_code == 404


# --- Status, priority, category ------------------------------------------------------------


def test_status_change_is_recorded_as_an_event(agent_client, agent, category):
    ticket = TicketFactory(category=category)

    response = agent_client.post(url(ticket, "status"), {"status": "solved"}, follow=True)

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.SOLVED
    event = ticket.events.get(kind=TicketEvent.Kind.STATUS)
    assert (event.actor, event.old_value, event.new_value) == (agent, "new", "solved")
    assert "Status set to Solved." in flashes(response)


def test_status_change_appears_in_the_history(agent_client, category):
    ticket = TicketFactory(category=category)
    agent_client.post(url(ticket, "status"), {"status": "pending_customer"})

    response = agent_client.get(url(ticket))

    assert "New → Waiting for customer" in response.content.decode()


def test_refused_status_change_is_explained(agent_client, agent, category):
    ticket = TicketFactory(category=category)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.CLOSED, by=agent)

    response = agent_client.post(url(ticket, "status"), {"status": "open"}, follow=True)

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CLOSED
    assert any("cannot go from" in m for m in flashes(response))


def test_priority_change_is_recorded(agent_client, category):
    ticket = TicketFactory(category=category)

    agent_client.post(url(ticket, "priority"), {"priority": "urgent"})

    ticket.refresh_from_db()
    assert ticket.priority == "urgent"
    assert ticket.events.filter(kind=TicketEvent.Kind.PRIORITY, new_value="urgent").exists()


def test_category_change_is_recorded(agent_client, category):
    ticket = TicketFactory(category=category)
    top_up = CategoryFactory(slug="top-up")

    agent_client.post(url(ticket, "category"), {"category": top_up.pk})

    ticket.refresh_from_db()
    assert ticket.category == top_up
    assert ticket.events.filter(kind=TicketEvent.Kind.CATEGORY, new_value="top-up").exists()


# --- Assignment ----------------------------------------------------------------------------


def test_assign_to_me(agent_client, agent, category):
    ticket = TicketFactory(category=category)

    agent_client.post(url(ticket, "assign"), {"assignee": "me"})

    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert ticket.events.filter(kind=TicketEvent.Kind.ASSIGNED, actor=agent).exists()


def test_agent_hands_their_ticket_to_a_colleague(agent_client, agent, category):
    colleague = staff_user("agent")
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)

    agent_client.post(url(ticket, "assign"), {"assignee": colleague.pk})

    ticket.refresh_from_db()
    assert ticket.assignee == colleague


def test_agent_cannot_take_a_colleagues_ticket(agent_client, category):
    colleague = staff_user("agent")
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=colleague, by=colleague)

    response = agent_client.post(url(ticket, "assign"), {"assignee": "me"}, follow=True)

    ticket.refresh_from_db()
    assert ticket.assignee == colleague
    assert "Only a supervisor can reassign a colleague's request." in flashes(response)


def test_supervisor_reassigns_a_colleagues_ticket(client, supervisor, agent, category):
    colleague = staff_user("agent")
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=colleague, by=colleague)
    client.force_login(supervisor)

    client.post(url(ticket, "assign"), {"assignee": agent.pk})

    ticket.refresh_from_db()
    assert ticket.assignee == agent


def test_tickets_cannot_be_assigned_to_a_customer(client, supervisor, customer, category):
    ticket = TicketFactory(category=category)
    client.force_login(supervisor)

    client.post(url(ticket, "assign"), {"assignee": customer.pk})

    ticket.refresh_from_db()
    assert ticket.assignee is None


# --- Merge ---------------------------------------------------------------------------------


def test_merge_moves_the_thread_and_closes_the_duplicate(agent_client, category):
    target = TicketFactory(category=category, email="dup@example.com")
    duplicate = TicketFactory(
        category=category, email="dup@example.com", description="Second try: it failed again."
    )

    response = agent_client.post(url(duplicate, "merge"), {"target": target.reference.lower()})

    duplicate.refresh_from_db()
    assert response.url == url(target)
    assert duplicate.status == Ticket.Status.CLOSED
    assert duplicate.merged_into == target
    assert target.messages.filter(body="Second try: it failed again.").exists()


def test_merge_with_an_unknown_reference_is_explained(agent_client, category):
    ticket = TicketFactory(category=category)

    response = agent_client.post(url(ticket, "merge"), {"target": "HC-2026-999999"}, follow=True)

    assert "No request has the reference HC-2026-999999." in flashes(response)


def test_merge_of_another_customers_ticket_is_refused(agent_client, category):
    target = TicketFactory(category=category, email="a@example.com")
    other = TicketFactory(category=category, email="b@example.com")

    response = agent_client.post(url(other, "merge"), {"target": target.reference}, follow=True)

    other.refresh_from_db()
    assert other.merged_into is None
    assert "Only requests from the same customer can be merged." in flashes(response)


def test_agent_cannot_merge_a_colleagues_ticket(agent_client, category):
    colleague = staff_user("agent")
    target = TicketFactory(category=category, email="dup@example.com")
    duplicate = TicketFactory(category=category, email="dup@example.com")
    services.ticket_assign(ticket=duplicate, assignee=colleague, by=colleague)

    agent_client.post(url(duplicate, "merge"), {"target": target.reference})

    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_supervisor_merges_a_colleagues_ticket(client, supervisor, category):
    colleague = staff_user("agent")
    target = TicketFactory(category=category, email="dup@example.com")
    duplicate = TicketFactory(category=category, email="dup@example.com")
    services.ticket_assign(ticket=duplicate, assignee=colleague, by=colleague)
    client.force_login(supervisor)

    client.post(url(duplicate, "merge"), {"target": target.reference})

    duplicate.refresh_from_db()
    assert duplicate.merged_into == target
