"""Bulk actions on tickets chosen in the inbox: every change applied in one transaction, or
none of them (tickets.services.bulk)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def state(*tickets) -> list[tuple]:
    return list(
        Ticket.objects.filter(pk__in=[t.pk for t in tickets])
        .order_by("pk")
        .values_list("assignee_id", "status", "merged_into_id")
    )


def test_a_supervisor_assigns_and_sets_the_status_of_several_tickets_at_once():
    boss, agent = staff_user("supervisor"), staff_user("agent")
    first, second = TicketFactory(), TicketFactory()

    services.tickets_bulk_update(
        references=[first.reference, second.reference],
        by=boss,
        assignee=agent,
        status="pending_customer",
    )

    assert state(first, second) == [
        (agent.pk, "pending_customer", None),
        (agent.pk, "pending_customer", None),
    ]


def test_one_refused_status_change_leaves_every_ticket_as_it_was():
    boss = staff_user("supervisor")
    open_one, closed = TicketFactory(), TicketFactory()
    services.ticket_set_status(ticket=closed, status="closed", by=boss)
    before = state(open_one, closed)

    with pytest.raises(ValidationError):
        services.tickets_bulk_update(
            references=[open_one.reference, closed.reference], by=boss, status="solved"
        )

    assert state(open_one, closed) == before


def test_an_agent_may_not_move_a_colleagues_ticket_in_bulk_and_nothing_moves():
    agent, colleague = staff_user("agent"), staff_user("agent")
    free, theirs = TicketFactory(), TicketFactory()
    services.ticket_assign(ticket=theirs, assignee=colleague, by=colleague)
    before = state(free, theirs)

    with pytest.raises(PermissionDenied):
        services.tickets_bulk_update(
            references=[free.reference, theirs.reference], by=agent, assignee=agent
        )

    assert state(free, theirs) == before


def test_several_requests_of_one_customer_merge_into_one():
    boss = staff_user("supervisor")
    target, second, third = (TicketFactory(email="li@example.com") for _ in range(3))

    services.tickets_bulk_merge(
        references=[second.reference, third.reference, target.reference],
        into=target.reference,
        by=boss,
    )

    assert [row[2] for row in state(second, third)] == [target.pk, target.pk]


def test_a_merge_with_another_customers_request_merges_nothing():
    boss = staff_user("supervisor")
    target, same, other = (
        TicketFactory(email="li@example.com"),
        TicketFactory(email="li@example.com"),
        TicketFactory(email="someone@example.com"),
    )

    with translation.override("en"), pytest.raises(ValidationError, match="same customer"):
        services.tickets_bulk_merge(
            references=[same.reference, other.reference], into=target.reference, by=boss
        )

    assert [row[2] for row in state(same, other)] == [None, None]
