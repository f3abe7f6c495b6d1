"""The event types a subscription can choose (named by tickets.signals and chat.signals) and
the JSON bodies sent for them (docs/webhooks.md, "Events and payloads").

Payloads are thin: ids, states and times, never message texts, names or contact details, so a
receiver that logs requests keeps no customer data it did not ask for. The customer is their
help-center user id (``null`` for a guest); the wallet reads more through the API when it
needs it. The one exception is ``security_report.created``: the wallet must act on a theft
report even from a guest, so it also carries the e-mail address and transaction number the
customer gave."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from chat import signals as chat_signals
from tickets import signals as ticket_signals

CHOICES = [
    (ticket_signals.TICKET_CREATED, _("Request created")),
    (ticket_signals.TICKET_UPDATED, _("Request updated (status, priority, assignee, topic)")),
    (ticket_signals.TICKET_SOLVED, _("Request solved")),
    (ticket_signals.TICKET_RATED, _("Request rated")),
    (ticket_signals.MESSAGE_CREATED, _("Public message on a request")),
    (ticket_signals.SECURITY_REPORT_CREATED, _("Security report created")),
    (chat_signals.CHAT_QUEUED, _("Chat queued")),
    (chat_signals.CHAT_STARTED, _("Chat started (agent joined)")),
    (chat_signals.CHAT_ENDED, _("Chat ended")),
    (chat_signals.CHAT_RATED, _("Chat rated")),
]
TYPES = frozenset(value for value, _label in CHOICES)


def _time(value: dt.datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def envelope(event_type: str, data: dict[str, Any], *, at: dt.datetime) -> dict[str, Any]:
    """The body every webhook has (the Standard Webhooks recommended shape)."""
    return {"type": event_type, "timestamp": _time(at), "data": data}


def ticket_data(ticket: Any, event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """``data`` of a ticket event: the request's state with the change applied, and what
    changed (``payload`` from tickets.signals)."""
    request = {
        "id": ticket.pk,
        "reference": ticket.reference,
        "status": ticket.status,
        "priority": ticket.priority,
        "topic": ticket.category.slug,
        "source": ticket.source,
        "language": ticket.language,
        "customer": {"id": ticket.customer_id},
        "assignee_id": ticket.assignee_id,
        "created_at": _time(ticket.created_at),
    }
    changes = payload.get("changes", {})
    # Services announce a priority or topic change just before applying it to the row.
    for field, change in changes.items():
        key = "assignee_id" if field == "assignee" else field
        if key in request:
            request[key] = change["new"]
    if event_type == ticket_signals.SECURITY_REPORT_CREATED:
        request["customer"]["email"] = ticket.customer_email
        request["transaction_number"] = ticket.transaction_number
    data: dict[str, Any] = {"ticket": request}
    if changes:
        data["changes"] = changes
    if event_type == ticket_signals.TICKET_RATED:
        data["rating"] = {"score": payload["score"]}
    if event_type == ticket_signals.MESSAGE_CREATED:
        data["message"] = {"id": payload["message_id"], "author": payload["author"]}
    return data


def chat_data(conversation: Any, event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """``data`` of a chat event: the conversation's state, and the rating or who ended it."""
    chat = {
        "id": conversation.pk,
        "status": conversation.status,
        "topic": conversation.topic.slug if conversation.topic_id else None,
        "language": conversation.language,
        "customer": {"id": conversation.customer_id},
        "agent_id": conversation.agent_id,
        "created_at": _time(conversation.created_at),
        "assigned_at": _time(conversation.assigned_at),
        "closed_at": _time(conversation.closed_at),
    }
    data: dict[str, Any] = {"chat": chat}
    if event_type == chat_signals.CHAT_RATED:
        data["rating"] = {"score": payload["score"]}
    if event_type == chat_signals.CHAT_ENDED:
        if payload.get("abandoned"):
            data["ended_by"] = "abandoned"  # the customer left the queue (chat.services.unattended)
        else:
            data["ended_by"] = "customer" if payload.get("by_customer") else "agent"
    return data
