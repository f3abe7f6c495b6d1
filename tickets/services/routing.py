"""Ticket auto-assignment: a new request goes to an available agent, a member of the team for
its topic and the customer's language first (for a security report, of the security team),
then anyone available. "Available" is whoever is on duty now (``accounts.signals.
staff_on_duty``: chat answers with the agents online in the console) and holds fewer than
``TICKETS_AGENT_CAPACITY`` open requests. Nobody available: the request stays unassigned, in
the inbox's Unassigned view, as before."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from accounts.roles import agent_accounts
from accounts.signals import staff_on_duty_ids
from teams import selectors as team_selectors
from tickets.models import Ticket
from tickets.services.lifecycle import ticket_assign


def _open_ticket_loads(agent_ids: set[int]) -> dict[int, int]:
    rows = (
        Ticket.objects.filter(assignee_id__in=agent_ids, status__in=Ticket.OPEN_STATUSES)
        .values("assignee_id")
        .annotate(n=Count("pk"))
    )
    return {row["assignee_id"]: row["n"] for row in rows}


@transaction.atomic
def ticket_auto_assign(*, ticket: Ticket) -> Ticket:
    """Give an unassigned open request to the best available agent (module docstring); ties go
    to the fewest open requests, then the lowest id. Returns the ticket (unchanged when it is
    assigned already or nobody is available). The assignment event has no actor (the system)."""
    if ticket.assignee_id is not None or ticket.status not in Ticket.OPEN_STATUSES:
        return ticket
    on_duty = staff_on_duty_ids()
    if not on_duty:
        return ticket
    loads = _open_ticket_loads(on_duty)
    capacity = settings.TICKETS_AGENT_CAPACITY
    free = [pk for pk in on_duty if loads.get(pk, 0) < capacity]
    if not free:
        return ticket
    tiers = team_selectors.routing_tiers(
        team_selectors.routing_table(),
        topic_id=ticket.category_id,
        language=ticket.language,
        is_security=ticket.category.is_security,
    )
    # Agents only (accounts.roles.is_agent, as one query rather than two per candidate).
    users = {user.pk: user for user in agent_accounts().filter(pk__in=free)}
    ranked = sorted(
        (pk for pk in free if pk in users),
        key=lambda pk: (team_selectors.tier_of(pk, tiers), loads.get(pk, 0), pk),
    )
    if not ranked:
        return ticket
    return ticket_assign(ticket=ticket, assignee=users[ranked[0]], by=None)


def auto_assigning(create: Callable[..., Ticket]) -> Callable[..., Ticket]:
    """Wraps ``ticket_create``: a request from a customer (not one an agent opens for a caller,
    who keeps it) is auto-assigned right after it is stored."""

    @wraps(create)
    def create_and_assign(**kwargs: Any) -> Ticket:
        ticket = create(**kwargs)
        if kwargs.get("opened_by") is None:
            assigned = ticket_auto_assign(ticket=ticket)
            ticket.assignee = assigned.assignee
            ticket.status = assigned.status
        return ticket

    return create_and_assign
