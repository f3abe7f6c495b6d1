import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import UserFactory, staff_user
from tests.tickets.factories import (
    CannedResponseFactory,
    CategoryFactory,
    SlaPolicyFactory,
    TicketFactory,
)
from tickets import services
from tickets.canned import canned_response_render
from tickets.models import Notification, Ticket, TicketEvent, TicketMessage

pytestmark = pytest.mark.django_db
Status = Ticket.Status


@pytest.fixture(autouse=True)
def _english():
    """Services raise messages in the active language; these tests read the English ones."""
    with translation.override("en"):
        yield


def events(ticket):
    return list(ticket.events.values_list("kind", "old_value", "new_value"))


def test_reference_is_human_readable_and_unique(category):
    first, second = TicketFactory(category=category), TicketFactory(category=category)

    assert first.reference == f"HC-{first.created_at.year}-{first.pk:06d}"
    assert first.reference != second.reference


def test_status_change_is_recorded_with_who_and_values(ticket, agent):
    services.ticket_set_status(ticket=ticket, status=Status.PENDING_CUSTOMER, by=agent)

    event = ticket.events.get(kind=TicketEvent.Kind.STATUS)
    assert (event.actor, event.old_value, event.new_value) == (agent, "new", "pending_customer")


def test_closed_ticket_cannot_be_reopened(ticket, agent):
    services.ticket_set_status(ticket=ticket, status=Status.CLOSED, by=agent)

    with pytest.raises(ValidationError, match="cannot go from"):
        services.ticket_set_status(ticket=ticket, status=Status.OPEN, by=agent)


def test_solved_ticket_can_be_reopened_and_clears_solved_at(ticket, agent):
    services.ticket_set_status(ticket=ticket, status=Status.SOLVED, by=agent)

    reopened = services.ticket_set_status(ticket=ticket, status=Status.OPEN, by=agent)

    assert reopened.solved_at is None
    assert reopened.status == Status.OPEN


def test_solving_sets_solved_at_and_queues_the_rating_email(ticket, agent):
    solved = services.ticket_set_status(ticket=ticket, status=Status.SOLVED, by=agent)

    assert solved.solved_at is not None
    assert ticket.notifications.filter(kind=Notification.Kind.SOLVED).count() == 1


def test_first_public_agent_reply_sets_first_response_and_opens(ticket, agent):
    services.ticket_reply(ticket=ticket, author=agent, body="Hello, checking now.")

    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    assert ticket.status == Status.OPEN


def test_first_public_reply_assigns_an_unassigned_ticket_to_the_replier(ticket, agent):
    services.ticket_reply(ticket=ticket, author=agent, body="Hello, checking now.")

    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert (TicketEvent.Kind.ASSIGNED, "", agent.get_username()) in events(ticket)


def test_a_reply_leaves_a_colleagues_ticket_with_them_and_a_note_assigns_nobody(ticket, agent):
    colleague = staff_user("agent", username="colleague")
    services.ticket_reply(ticket=ticket, author=agent, body="Looked at it", internal=True)
    assert Ticket.objects.get().assignee is None

    services.ticket_assign(ticket=ticket, assignee=colleague, by=colleague)
    services.ticket_reply(ticket=ticket, author=agent, body="Covering for a colleague.")

    assert Ticket.objects.get().assignee == colleague


def test_later_agent_reply_keeps_the_first_response_time(ticket, agent):
    services.ticket_reply(ticket=ticket, author=agent, body="First.")
    first = Ticket.objects.get().first_response_at

    services.ticket_reply(ticket=ticket, author=agent, body="Second.")

    assert Ticket.objects.get().first_response_at == first


def test_internal_note_is_not_a_first_response_and_sends_no_email(ticket, agent):
    services.ticket_reply(ticket=ticket, author=agent, body="Check the ledger", internal=True)

    ticket.refresh_from_db()
    assert ticket.first_response_at is None
    assert not ticket.notifications.filter(kind=Notification.Kind.AGENT_REPLY).exists()
    assert TicketEvent.Kind.NOTE in [kind for kind, _old, _new in events(ticket)]


def test_customer_cannot_write_an_internal_note(ticket, customer):
    with pytest.raises(ValidationError, match="Only agents"):
        services.ticket_reply(ticket=ticket, author=customer, body="x", internal=True)


def test_another_customer_cannot_reply_through_the_service(ticket):
    stranger = UserFactory()

    with pytest.raises(ValidationError):
        services.ticket_reply(ticket=ticket, author=stranger, body="hi")


def test_customer_reply_reopens_a_ticket_waiting_for_them(ticket, agent, customer):
    services.ticket_set_status(ticket=ticket, status=Status.PENDING_CUSTOMER, by=agent)

    services.ticket_reply(ticket=ticket, author=customer, body="Here is the receipt.")

    assert Ticket.objects.get().status == Status.OPEN


def test_assigning_opens_the_ticket_and_notifies_the_assignee(ticket, agent, supervisor):
    services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (agent, Status.OPEN)
    notice = ticket.notifications.get(kind=Notification.Kind.ASSIGNED)
    assert notice.recipient_email == agent.email


def test_self_assignment_sends_no_notice(ticket, agent):
    services.ticket_assign(ticket=ticket, assignee=agent, by=agent)

    assert not ticket.notifications.filter(kind=Notification.Kind.ASSIGNED).exists()


def test_tickets_cannot_be_assigned_to_customers(ticket, customer, agent):
    with pytest.raises(ValidationError):
        services.ticket_assign(ticket=ticket, assignee=customer, by=agent)


def test_priority_change_recomputes_the_sla_target(ticket, agent):
    SlaPolicyFactory(priority="urgent", first_response_minutes=60)

    changed = services.ticket_set_priority(ticket=ticket, priority="urgent", by=agent)

    assert (changed.first_response_due_at - changed.created_at).total_seconds() == 3600
    assert ("priority", "normal", "urgent") in events(changed)


def test_category_change_is_recorded(ticket, agent):
    other = CategoryFactory(slug="withdrawal")

    services.ticket_set_category(ticket=ticket, category=other, by=agent)

    assert ("category", "payment-failed", "withdrawal") in events(ticket)


def test_merge_moves_the_thread_and_closes_the_duplicate(category, customer, agent):
    target = TicketFactory(category=category, customer=customer)
    source = TicketFactory(category=category, customer=customer, description="Duplicate text")

    services.ticket_merge(source=source, target=target, by=agent)

    source.refresh_from_db()
    assert (source.status, source.merged_into) == (Status.CLOSED, target)
    assert "Duplicate text" in target.messages.values_list("body", flat=True)
    assert ("merged", source.reference, "") in events(target)


def test_merge_of_different_customers_is_refused(category, agent):
    first = TicketFactory(category=category, email="a@example.com")
    second = TicketFactory(category=category, email="b@example.com")

    with pytest.raises(ValidationError, match="same customer"):
        services.ticket_merge(source=first, target=second, by=agent)


def test_canned_response_fills_placeholders_in_the_customers_language(ticket, agent):
    agent.first_name, agent.last_name = "Tom", "Lee"
    canned = CannedResponseFactory()

    english = canned_response_render(canned=canned, ticket=ticket, agent=agent, language="en")
    chinese = canned_response_render(canned=canned, ticket=ticket, agent=agent, language="zh-hans")

    assert english == f"Hello Wang Fang, this is Tom Lee about {ticket.reference}."
    assert chinese == f"Wang Fang，您好！我是Tom Lee，正在处理 {ticket.reference}。"


def test_canned_response_keeps_unknown_placeholders_as_typed(ticket, agent):
    canned = CannedResponseFactory(body_en="Hi {customer_name}, {unknown} {0.__class__}")

    text = canned_response_render(canned=canned, ticket=ticket, agent=agent, language="en")

    assert text == "Hi Wang Fang, {unknown} {0.__class__}"


def test_canned_response_for_chat_uses_the_given_customer_name(agent):
    canned = CannedResponseFactory(body_en="Hi {customer_name}, ref: {reference}.")

    text = canned_response_render(
        canned=canned, ticket=None, agent=agent, language="en", customer_name="Li"
    )

    assert text == "Hi Li, ref: ."


def test_rating_is_one_per_ticket_and_can_change(ticket, agent):
    services.ticket_set_status(ticket=ticket, status=Status.SOLVED, by=agent)
    services.ticket_rate(ticket=ticket, score=2)

    services.ticket_rate(ticket=ticket, score=5, comment="Fixed!")

    assert (ticket.rating.score, ticket.rating.comment) == (5, "Fixed!")


def test_open_ticket_cannot_be_rated(ticket):
    with pytest.raises(ValidationError):
        services.ticket_rate(ticket=ticket, score=5)


def test_customer_message_author_kind(ticket):
    assert ticket.messages.get().author_kind == TicketMessage.AuthorKind.CUSTOMER
