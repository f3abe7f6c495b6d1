"""Bulk actions on tickets selected in the staff inbox (issue 14, item 5): assign, set the
status, or merge several requests of one customer into one. All in one transaction: one
refusal (a transition the ticket does not allow, a colleague's ticket an agent may not move,
another customer's request in a merge) changes nothing at all. Each change goes through the
ticket service that owns it, so events, e-mails and inbox updates are the usual ones."""

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tickets.console_selectors import can_assign, can_merge
from tickets.models import Ticket
from tickets.services.lifecycle import ticket_assign, ticket_merge, ticket_set_status

MAX_BULK = 100
KEEP = object()  # ``assignee`` left as it is


def _tickets(references: Sequence[str]) -> list[Ticket]:
    if not references or len(references) > MAX_BULK:
        raise ValidationError(_("Choose between 1 and %(count)d requests.") % {"count": MAX_BULK})
    tickets = list(Ticket.objects.select_related("assignee").filter(reference__in=set(references)))
    if len(tickets) != len(set(references)):
        raise ValidationError(_("Some of the chosen requests no longer exist."))
    return sorted(tickets, key=lambda t: t.pk)


@transaction.atomic
def tickets_bulk_update(
    *,
    references: Sequence[str],
    by: AbstractBaseUser,
    assignee: AbstractBaseUser | object | None = KEEP,
    status: str = "",
) -> list[Ticket]:
    """Assign (``None``: unassign) and/or set the status of every chosen ticket, or none of
    them: PermissionDenied when ``by`` may not move one of them (``can_assign``),
    ValidationError for a refused change."""
    tickets = _tickets(references)
    if assignee is not KEEP:
        for ticket in tickets:
            if not can_assign(by, ticket, assignee):
                raise PermissionDenied(_("Only a supervisor can reassign a colleague's request."))
        tickets = [ticket_assign(ticket=t, assignee=assignee, by=by) for t in tickets]
    if status:
        tickets = [ticket_set_status(ticket=t, status=status, by=by) for t in tickets]
    return tickets


@transaction.atomic
def tickets_bulk_merge(*, references: Sequence[str], into: str, by: AbstractBaseUser) -> Ticket:
    """Merge every chosen ticket into ``into`` (one of them or another), all or none: only
    requests of the same customer (``ticket_merge`` checks each) and within ``can_merge``."""
    target = _tickets([into])[0]
    sources = [t for t in _tickets(references) if t.pk != target.pk]
    for source in sources:
        if not can_merge(by, source, target):
            raise PermissionDenied(_("Only a supervisor can merge a colleague's requests."))
        target = ticket_merge(source=source, target=target, by=by)
    return target
