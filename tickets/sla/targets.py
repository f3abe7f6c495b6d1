"""A ticket's due and 75 % times, and the milestones (reminder or escalation) still ahead of it."""

import datetime as dt

from tickets.models import SlaReminder, Ticket
from tickets.sla.calendar import add_minutes
from tickets.sla.policies import policy_for

WARN_FRACTION = 0.75

TARGET_FIELDS = (
    "priority",
    "first_response_due_at",
    "first_response_warn_at",
    "resolution_due_at",
    "resolution_warn_at",
    "sla_next_check_at",
    "sla_due_at",
    "updated_at",
)

Target = SlaReminder.Target
Kind = SlaReminder.Kind

MILESTONE_FIELDS = {
    (Target.FIRST_RESPONSE, Kind.WARNING): "first_response_warn_at",
    (Target.FIRST_RESPONSE, Kind.BREACH): "first_response_due_at",
    (Target.RESOLUTION, Kind.WARNING): "resolution_warn_at",
    (Target.RESOLUTION, Kind.BREACH): "resolution_due_at",
}


def apply_targets(ticket: Ticket, *, start: dt.datetime) -> None:
    """Set the due and 75 % times of both targets from the ticket's policy, and the next
    sweep time. In memory; the caller saves ``TARGET_FIELDS``."""
    targets = policy_for(ticket.category, ticket.priority)
    bh = targets.business_hours_only
    fr = targets.first_response_minutes
    ticket.first_response_due_at = add_minutes(start, fr, business_hours_only=bh)
    ticket.first_response_warn_at = add_minutes(start, fr * WARN_FRACTION, business_hours_only=bh)
    if targets.resolution_minutes:
        res = targets.resolution_minutes
        ticket.resolution_due_at = add_minutes(start, res, business_hours_only=bh)
        ticket.resolution_warn_at = add_minutes(start, res * WARN_FRACTION, business_hours_only=bh)
    else:
        ticket.resolution_due_at = ticket.resolution_warn_at = None
    refresh_next_check(ticket)


def milestones(ticket: Ticket) -> list[tuple[dt.datetime, str, str]]:
    """(time, target, kind) of every reminder that still applies to the ticket's state."""
    if ticket.status not in Ticket.ACTIVE_STATUSES:
        return []
    targets = []
    if ticket.first_response_at is None and ticket.first_response_due_at:
        targets.append(Target.FIRST_RESPONSE)
    if ticket.resolution_due_at:
        targets.append(Target.RESOLUTION)
    return [
        (getattr(ticket, MILESTONE_FIELDS[target, kind]), target, kind)
        for target in targets
        for kind in (Kind.WARNING, Kind.BREACH)
    ]


def next_milestone_field(ticket: Ticket, after: dt.datetime) -> str | None:
    """The column holding the ticket's next milestone after ``after`` (None: nothing left)."""
    upcoming = [(at, target, kind) for at, target, kind in milestones(ticket) if at > after]
    if not upcoming:
        return None
    _at, target, kind = min(upcoming)
    return MILESTONE_FIELDS[target, kind]


def refresh_next_check(ticket: Ticket) -> None:
    """Set ``sla_next_check_at`` to the earliest milestone that applies and ``sla_due_at`` to
    the earliest running target (in memory). Past milestones are kept so the sweep catches
    them; the reminder's unique key makes a second look harmless."""
    due = milestones(ticket)
    ticket.sla_next_check_at = min((at for at, _target, _kind in due), default=None)
    ticket.sla_due_at = min((at for at, _target, kind in due if kind == Kind.BREACH), default=None)
