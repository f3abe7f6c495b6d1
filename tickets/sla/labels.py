"""The SLA state people see on a ticket: the target being measured, its state and time left."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models import Ticket
from tickets.sla.targets import Target


class State(models.TextChoices):
    NONE = "none", _("No target")
    OK = "ok", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    MET = "met", _("Met")


@dataclass(frozen=True)
class SlaState:
    """What the console shows: the target being measured, its state and time left."""

    target: str | None
    state: str
    due_at: dt.datetime | None
    seconds_left: int | None

    @property
    def label(self) -> str:
        return str(State(self.state).label)

    @property
    def target_label(self) -> str:
        return str(Target(self.target).label) if self.target else ""


def state_of(ticket: Ticket, now: dt.datetime | None = None) -> SlaState:
    """The SLA state of the first unmet target (first response, then resolution)."""
    now = now or timezone.now()
    if ticket.status not in Ticket.ACTIVE_STATUSES:
        met = ticket.first_response_due_at is not None and ticket.status != Ticket.Status.NEW
        return SlaState(None, State.MET if met else State.NONE, None, None)
    if ticket.first_response_at is None and ticket.first_response_due_at:
        due, warn, target = (
            ticket.first_response_due_at,
            ticket.first_response_warn_at,
            Target.FIRST_RESPONSE,
        )
    elif ticket.resolution_due_at:
        due, warn, target = ticket.resolution_due_at, ticket.resolution_warn_at, Target.RESOLUTION
    else:
        return SlaState(None, State.MET if ticket.first_response_at else State.NONE, None, None)
    if now >= due:
        state = State.BREACHED
    elif warn and now >= warn:
        state = State.AT_RISK
    else:
        state = State.OK
    return SlaState(target, state, due, int((due - now).total_seconds()))
