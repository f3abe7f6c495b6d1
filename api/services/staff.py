"""What a staff key changes on a request, in one transaction, through ``tickets.services``."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tickets import services as tickets
from tickets.models import Ticket

UNSET: Any = object()


@transaction.atomic
def ticket_update_by_key(
    *, ticket: Ticket, status: str = UNSET, priority: str = UNSET, assignee_id: Any = UNSET
) -> Ticket:
    """Change the priority, the assignee (an agent's id, None to unassign) and the status, in
    that order (assigning a new request opens it; the status asked for wins). The events have
    no actor: the key is a system, not a person. ValidationError for a refused change."""
    if priority is not UNSET:
        ticket = tickets.ticket_set_priority(ticket=ticket, priority=priority, by=None)
    if assignee_id is not UNSET:
        assignee = None
        if assignee_id is not None:
            assignee = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
            if assignee is None:
                raise ValidationError(_("Requests can only be assigned to agents."))
        ticket = tickets.ticket_assign(ticket=ticket, assignee=assignee, by=None)
    if status is not UNSET:
        ticket = tickets.ticket_set_status(ticket=ticket, status=status, by=None)
    return ticket
