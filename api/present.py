"""Rows as the API's response shapes (``api.serializers``): what a customer and what staff see of
a request."""

from typing import Any

from django.urls import reverse

from accounts.selectors import wallet_user_for
from core.i18n import localized
from tickets.models import Ticket, TicketMessage


def topic_ref(topic: Any) -> dict[str, Any]:
    return {"id": topic.pk, "slug": topic.slug, "name": localized(topic, "name")}


def ticket_summary(ticket: Ticket) -> dict[str, Any]:
    return {
        "reference": ticket.reference,
        "subject": ticket.subject,
        "status": ticket.status,
        "topic": topic_ref(ticket.category),
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
    }


def _author_name(message: TicketMessage, ticket: Ticket) -> str:
    if message.author_kind == TicketMessage.AuthorKind.CUSTOMER:
        return ticket.customer_name
    if message.author is None:
        return ""
    # Customers see the agent's name, never their e-mail.
    return message.author.get_full_name() or message.author.get_username()


def message_out(message: TicketMessage, ticket: Ticket, *, staff: bool) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author_kind": message.author_kind,
        "author_name": _author_name(message, ticket),
        "body": message.body,
        "internal": message.internal,
        "created_at": message.created_at,
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "url": reverse(
                    "api:staff-ticket-attachment" if staff else "api:ticket-attachment",
                    kwargs={"reference": ticket.reference, "attachment_id": a.pk},
                ),
            }
            for a in message.attachments.all()
        ],
    }


def ticket_out(
    ticket: Ticket, thread: list[TicketMessage], *, staff: bool, new: bool = False
) -> dict[str, Any]:
    """The whole request; ``new``: just created, so there is no rating to look up."""
    rating = None if new else getattr(ticket, "rating", None)
    data = {
        **ticket_summary(ticket),
        "priority": ticket.priority,
        "transaction_number": ticket.transaction_number,
        "error_message": ticket.error_message,
        "source": ticket.source,
        "details": ticket.details,
        "solved_at": ticket.solved_at,
        "closed_at": ticket.closed_at,
        "rating": {"score": rating.score, "comment": rating.comment} if rating else None,
        "messages": [message_out(m, ticket, staff=staff) for m in thread],
    }
    if staff:
        data.update(staff_fields(ticket))
    return data


def assignee_ref(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username(), "name": user.get_full_name()}


def staff_fields(ticket: Ticket) -> dict[str, Any]:
    return {
        "customer_email": ticket.customer_email,
        "customer_name": ticket.customer_name,
        "wallet_user": ticket.customer_id is not None
        and wallet_user_for(ticket.customer_id) is not None,
        "assignee": assignee_ref(ticket.assignee),
    }


def staff_ticket_summary(ticket: Ticket, wallet_user_ids: set[int]) -> dict[str, Any]:
    return {
        **ticket_summary(ticket),
        "priority": ticket.priority,
        "customer_email": ticket.customer_email,
        "customer_name": ticket.customer_name,
        "wallet_user": ticket.customer_id in wallet_user_ids,
        "assignee": assignee_ref(ticket.assignee),
    }
