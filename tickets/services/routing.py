"""Ticket auto-assignment: a new request goes to an available agent, a member of the team for
its topic and the customer's language first (for a security report, of the security team),
then anyone available. "Available" is whoever is on duty now (``accounts.signals.
staff_on_duty``: chat answers with the agents online in the console) and holds fewer than
``TICKETS_AGENT_CAPACITY`` open requests. Nobody available: the request stays unassigned, in
the inbox's Unassigned view, as before.

Who is available is asked on every new request, and most of the time the answer is "nobody"
(nobody online, or everyone online at capacity). So each process keeps the last answer for
``AVAILABILITY_SECONDS`` (``nobody_has_room``): while it says nobody has room, a request costs
no query here. Changes made in this process clear it at once (a ticket saved or deleted, an
agent's presence saved: ``tickets.receivers``, ``chat.receivers``); changes made in another
process are seen within ``AVAILABILITY_SECONDS``. When the kept answer says someone may have
room, the assignment reads everything again, so nobody is given more than the capacity."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from accounts.roles import agent_accounts
from accounts.signals import staff_on_duty_ids
from core.memo import ProcessMemo
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


@dataclass(frozen=True)
class Availability:
    """Who is on duty at one moment, each with their open requests, and the capacity then."""

    loads: dict[int, int]  # user id of everyone on duty -> open requests assigned to them
    capacity: int

    def free(self) -> list[int]:
        """Those on duty below the capacity."""
        return [pk for pk, n in self.loads.items() if n < self.capacity]


def availability() -> Availability:
    """Read now: who is on duty (``staff_on_duty_ids``) and, when anyone is, their open
    requests (one grouped count)."""
    on_duty = staff_on_duty_ids()
    loads = _open_ticket_loads(on_duty) if on_duty else {}
    return Availability(
        loads={pk: loads.get(pk, 0) for pk in on_duty},
        capacity=settings.TICKETS_AGENT_CAPACITY,
    )


AVAILABILITY_SECONDS = 1.0
_kept = ProcessMemo(availability, seconds=AVAILABILITY_SECONDS)


def nobody_has_room() -> bool:
    """``not availability().free()`` as this process last read it, at most
    ``AVAILABILITY_SECONDS`` ago (module docstring); a changed capacity setting counts as
    "may have room"."""
    kept = _kept.get()
    return kept.capacity == settings.TICKETS_AGENT_CAPACITY and not kept.free()


def forget_availability() -> None:
    """Something that may give an agent room changed in this process: read again next time.
    Also after the current transaction commits, so that a request read between the change
    and its commit is not kept."""
    _kept.clear()
    transaction.on_commit(_kept.clear)


def ticket_auto_assign(*, ticket: Ticket) -> Ticket:
    """Give an unassigned open request to the best available agent (module docstring); ties go
    to the fewest open requests, then the lowest id. Returns the ticket (unchanged when it is
    assigned already or nobody is available). The assignment event has no actor (the system).
    While nobody has room (``nobody_has_room``) this costs no query and no transaction."""
    if ticket.assignee_id is not None or ticket.status not in Ticket.OPEN_STATUSES:
        return ticket
    if nobody_has_room():
        return ticket
    return _assign_best(ticket)


@transaction.atomic
def _assign_best(ticket: Ticket) -> Ticket:
    now = availability()
    free, loads = now.free(), now.loads
    if not free:
        _kept.clear()  # read again by the next request, and kept
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
