"""A ticket's one-click properties (status, priority, topic, assignee): what each menu shows and
offers to this user. The staff workspace's pane (``workspace.panes``) and the console's full
ticket page (``tickets.console_views``) show the same menus (``workspace/_menu.html``, written
by ``workspace.menus.render_menu``), built here once."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_supervisor
from core.i18n import localized
from tickets import kept
from tickets import services as ticket_services
from tickets.console_forms import agent_label
from tickets.console_selectors import can_assign
from tickets.models import Ticket


@dataclass(frozen=True)
class Choice:
    value: str
    label: Any
    current: bool


@dataclass(frozen=True)
class Property:
    """A one-click property of the pane: its name (the POSTed field), label, current value's
    label, the choices, and its keyboard shortcut."""

    name: str
    label: Any
    current: Any
    choices: list[Choice]
    key: str


def ticket_properties(user: AbstractBaseUser, ticket: Ticket) -> list[Property]:
    """The four menus of an open ticket: the status offers only the transitions the core
    allows; the assignee menu follows the console's role rules (``can_assign``): "Me" when the
    user may take it, "Nobody" and every agent for a supervisor or the ticket's owner."""
    allowed = ticket_services.ALLOWED_TRANSITIONS[ticket.status] | {ticket.status}
    status = Property(
        "status",
        _("Status"),
        ticket.get_status_display(),
        [
            Choice(value, label, value == ticket.status)
            for value, label in Ticket.Status.choices
            if value in allowed
        ],
        "s",
    )
    priority = Property(
        "priority",
        _("Priority"),
        ticket.get_priority_display(),
        [Choice(v, label, v == ticket.priority) for v, label in Ticket.Priority.choices],
        "p",
    )
    topic = Property(
        "category",
        _("Topic"),
        localized(ticket.category, "name"),
        [
            Choice(str(t.pk), localized(t, "name"), t.pk == ticket.category_id)
            for t in kept.topics()
        ],
        "t",
    )
    assignees: list[Choice] = []
    if can_assign(user, ticket, user) and ticket.assignee_id != user.pk:
        assignees.append(Choice("me", _("Me"), False))
    if is_supervisor(user) or ticket.assignee_id == user.pk:
        assignees.append(Choice("", _("Nobody"), ticket.assignee_id is None))
        assignees += [
            Choice(str(a.pk), agent_label(a), a.pk == ticket.assignee_id) for a in kept.agents()
        ]
    assignee = Property(
        "assignee",
        _("Assignee"),
        agent_label(ticket.assignee) if ticket.assignee_id else _("Unassigned"),
        assignees,
        "e",
    )
    return [status, priority, topic, assignee]
