"""Who is notified of what (docs/console.md, Notifications): receivers of tickets' and chat's
own signals, run inside the transaction of the change, so a rolled-back change notifies no
one and there is no second event path."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chat import signals as chat_signals
from chat.serialize import display_name
from tickets import signals as ticket_signals
from workspace import notifications
from workspace.models import AgentNotification

Kind = AgentNotification.Kind


def _name(user_id: int | None) -> str:
    """A staff member's display name ("" for the system: routing, the sweep)."""
    if not user_id:
        return ""
    user = get_user_model().objects.filter(pk=user_id).first()
    return display_name(user) if user else ""


def _ticket_params(ticket: Any, **more: str) -> dict[str, str]:
    return {
        "reference": ticket.reference,
        "subject": ticket.subject,
        "customer": ticket.customer_name or ticket.customer_email,
        **more,
    }


@receiver(ticket_signals.ticket_event, dispatch_uid="workspace.ticket_notifications")
def ticket_notifications(
    *, ticket: Any, event: str, payload: dict[str, Any], **kwargs: Any
) -> None:
    if event == ticket_signals.TICKET_UPDATED:
        change = payload.get("changes", {}).get("assignee")
        by_id = payload.get("by_id")
        if change and change["new"] and change["new"] != by_id:
            notifications.notify(
                recipient_ids=[change["new"]],
                kind=Kind.TICKET_ASSIGNED,
                ticket=ticket,
                params=_ticket_params(ticket, actor=_name(by_id)),
            )
    elif event == ticket_signals.MESSAGE_CREATED:
        if payload.get("author") == "customer" and ticket.assignee_id:
            notifications.notify(
                recipient_ids=[ticket.assignee_id],
                kind=Kind.CUSTOMER_REPLY,
                ticket=ticket,
                params=_ticket_params(ticket),
            )
    elif event in (ticket_signals.SLA_WARNING, ticket_signals.SLA_BREACHED):
        if ticket.assignee_id:
            kind = Kind.SLA_BREACH if event == ticket_signals.SLA_BREACHED else Kind.SLA_WARNING
            notifications.notify(
                recipient_ids=[ticket.assignee_id],
                kind=kind,
                ticket=ticket,
                # The sweep's rows hold few fields (tickets.sla.sweep.SWEEP_FIELDS).
                params={
                    "reference": ticket.reference,
                    "subject": ticket.subject,
                    "target": payload["target"],
                },
            )
    elif event == ticket_signals.SECURITY_REPORT_CREATED:
        notifications.notify(
            recipient_ids=notifications.supervisor_ids(),
            kind=Kind.SECURITY_REPORT,
            ticket=ticket,
            params=_ticket_params(ticket),
        )


@receiver(chat_signals.chat_event, dispatch_uid="workspace.chat_notifications")
def chat_notifications(
    *, conversation: Any, event: str, payload: dict[str, Any], **kwargs: Any
) -> None:
    by_id = payload.get("by_id")
    params = {"customer": conversation.customer_name}
    if event == chat_signals.CHAT_STARTED:
        if payload["agent_id"] != by_id:  # routing, or a supervisor's reassignment
            notifications.notify(
                recipient_ids=[payload["agent_id"]],
                kind=Kind.CHAT_ASSIGNED,
                conversation=conversation,
                params={**params, "actor": _name(by_id)},
            )
    elif event == chat_signals.CHAT_HANDED_OVER:
        actor = _name(by_id)
        reason = payload["reason"]
        if reason in ("transferred", "reassigned") and payload["agent_id"] != by_id:
            notifications.notify(
                recipient_ids=[payload["agent_id"]],
                kind=Kind.CHAT_ASSIGNED,
                conversation=conversation,
                params={**params, "actor": actor},
            )
        previous = payload.get("from_agent_id")
        if reason in ("taken_over", "reassigned") and previous and previous != by_id:
            kind = Kind.CHAT_TAKEN_OVER if reason == "taken_over" else Kind.CHAT_REASSIGNED
            notifications.notify(
                recipient_ids=[previous],
                kind=kind,
                conversation=conversation,
                params={**params, "actor": actor, "agent": _name(payload["agent_id"])},
            )


@receiver([post_save, post_delete], sender=AgentNotification)
def forget_unread_count(instance: AgentNotification, **kwargs: Any) -> None:
    """A notification written or deleted, by any path (the admin, a privacy erasure, the
    retention sweep): its recipient's kept unread count goes."""
    notifications.forget_unread_counts([instance.recipient_id])
