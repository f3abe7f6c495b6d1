"""Reads of requests for the customer portal and the console."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.i18n import language_suffix, localized
from tickets import sla
from tickets.models import (
    Attachment,
    CannedResponse,
    Ticket,
    TicketEvent,
    TicketMessage,
    TopicField,
)
from tickets.services.topic_fields import topic_fields_all, topic_fields_of


def ticket_list_for_customer(*, user: AbstractBaseUser) -> QuerySet[Ticket]:
    """The customer's own requests, newest first (index ``ticket_customer``)."""
    return (
        Ticket.objects.filter(customer=user)
        .select_related("category")
        .only(
            "reference",
            "subject",
            "status",
            "created_at",
            "updated_at",
            "category__name_en",
            "category__name_zh_hans",
        )
        .order_by("-created_at", "-id")
    )


def ticket_thread(*, ticket: Ticket, staff: bool) -> list[TicketMessage]:
    """Messages with their attachments in order; customers never see internal notes."""
    messages = TicketMessage.objects.filter(ticket=ticket)
    if not staff:
        messages = messages.filter(internal=False)
    return list(
        messages.select_related("author").prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
        )
    )


def ticket_thread_new(*, ticket: Ticket) -> list[TicketMessage]:
    """``ticket_thread(ticket=ticket, staff=False)`` of a request ``ticket_create`` just
    returned: the thread it kept in memory when it wrote the rows in one statement (no
    attachments, one message), else read back."""
    kept = getattr(ticket, "created_thread", None)
    return kept if kept is not None else ticket_thread(ticket=ticket, staff=False)


def ticket_events(*, ticket: Ticket) -> list[TicketEvent]:
    """The audit trail, oldest first."""
    return list(TicketEvent.objects.filter(ticket=ticket).select_related("actor"))


def sla_state(ticket: Ticket, now: dt.datetime | None = None) -> sla.SlaState:
    """The SLA state of the running target and seconds left (negative once breached)."""
    return sla.state_of(ticket, now)


def duration_text(seconds: int) -> str:
    """A compact duration for dense columns: "2 d 4 h", "3 h 59 min", "12 min"."""
    minutes = max(abs(seconds) // 60, 1)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}


def sla_display(ticket: Ticket, now: dt.datetime | None = None) -> dict[str, Any]:
    """The SLA state of ``ticket`` as the console shows it: state, label, target, due time
    and the time left (or over) as people read it."""
    state = sla_state(ticket, now)
    left = ""
    if state.seconds_left is not None:
        duration = duration_text(state.seconds_left)
        if state.seconds_left < 0:
            left = _("%(time)s over") % {"time": duration}
        else:
            left = _("%(time)s left") % {"time": duration}
    return {
        "state": state.state,
        "label": state.label,
        "target_label": state.target_label,
        "due_at": state.due_at,
        "left": left,
    }


def _canned_for(kind: str):
    """Active canned responses whose scope covers ``kind`` ("tickets" or "chats")."""
    Scope = CannedResponse.Scope
    return CannedResponse.objects.filter(is_active=True, scope__in=[kind, Scope.BOTH])


def canned_response_list(*, category_id: int | None = None) -> list[CannedResponse]:
    """Canned responses for tickets; those of ``category_id`` first, then the general ones."""
    items = list(_canned_for(CannedResponse.Scope.TICKETS).select_related("category"))
    return sorted(items, key=lambda c: (c.category_id != category_id, c.position, c.pk))


def ticket_list_for_contact(
    *, customer_id: int | None, email: str, limit: int = 10
) -> list[Ticket]:
    """A contact's latest requests, by account or by e-mail address (the chat console shows
    them beside a conversation)."""
    match = Q(pk__in=[])
    if customer_id:
        match |= Q(customer_id=customer_id)
    if email:
        match |= Q(customer_email__iexact=email)
    return list(Ticket.objects.filter(match).order_by("-created_at")[:limit])


def canned_response_search(*, kind: str, query: str = "", limit: int = 50) -> list[CannedResponse]:
    """Canned responses for ``kind`` ("tickets" or "chats") whose title or body in either
    language contains ``query``."""
    queryset = _canned_for(kind)
    if query:
        queryset = queryset.filter(
            Q(title_zh_hans__icontains=query)
            | Q(title_en__icontains=query)
            | Q(body_zh_hans__icontains=query)
            | Q(body_en__icontains=query)
        )
    return list(queryset.order_by("position", "id")[:limit])


def ticket_details_display(ticket: Ticket, language: str | None = None) -> list[tuple[str, str]]:
    """The answers to the topic's own questions as (label, value) in ``language`` (default:
    active), in the form's order; a choice shows its option's label. An answer given under the
    topic the ticket had before is labelled by that topic's question; one whose question was
    since removed shows under its key. No query (the questions are kept in memory)."""
    details = ticket.details or {}
    asked = topic_fields_of(ticket.category_id)
    by_key = {field.key: field for field in topic_fields_all()}
    by_key.update({field.key: field for field in asked})
    keys = [field.key for field in asked if field.key in details]
    keys += sorted(set(details) - set(keys))
    return [_detail_row(by_key.get(key), key, str(details[key]), language) for key in keys]


def _detail_row(
    field: TopicField | None, key: str, value: str, language: str | None
) -> tuple[str, str]:
    if field is None:
        return key, value
    if field.kind == TopicField.Kind.CHOICE:
        english = language_suffix(language) == "en"
        names = {option: en if english else zh for option, zh, en in field.choice_list}
        value = names.get(value, value)
    return localized(field, "label", language), value
