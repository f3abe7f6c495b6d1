"""What the staff inbox keeps about a ticket for the agent who owns it."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from tickets.models import Ticket


def ticket_mark_read(*, ticket: Ticket, by: AbstractBaseUser) -> bool:
    """The assignee opened the ticket: customer messages up to now are read (the inbox's
    unread marker). Anyone else opening it changes nothing. One UPDATE, no lock: the latest
    time wins. Returns whether the mark moved."""
    if ticket.assignee_id is None or ticket.assignee_id != by.pk:
        return False
    now = timezone.now()
    ticket.assignee_read_at = now
    return bool(Ticket.objects.filter(pk=ticket.pk, assignee_id=by.pk).update(assignee_read_at=now))
