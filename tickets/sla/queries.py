"""Filters for console lists of tickets by SLA state, matching the partial due-time indexes."""

import datetime as dt

from django.db.models import Q

from tickets.models import Ticket


def at_risk_q(now: dt.datetime) -> Q:
    """Tickets past 75 % of a running target but not yet breached (for console lists)."""
    active = Q(status__in=Ticket.ACTIVE_STATUSES)
    fr = Q(
        first_response_at__isnull=True,
        first_response_warn_at__lte=now,
        first_response_due_at__gt=now,
    )
    res = Q(resolution_warn_at__lte=now, resolution_due_at__gt=now)
    return active & (fr | res) & ~breached_q(now)


def breached_q(now: dt.datetime) -> Q:
    """Tickets with a running target already missed."""
    active = Q(status__in=Ticket.ACTIVE_STATUSES)
    return active & (
        Q(first_response_at__isnull=True, first_response_due_at__lte=now)
        | Q(resolution_due_at__lte=now)
    )
