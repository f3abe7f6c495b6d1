"""What tickets tells the apps above it, which it must not import (README, Architecture).

``request_submitted`` is sent by the request form's view after the request was created
(kwargs: request, ticket), so ``request`` tells who the visitor is (the ``insights`` event log).

``ticket_event`` is sent from inside the service's transaction, right where the change is
made, so a receiver that writes rows (webhooks' outbox) commits or rolls back with the change.
Keyword arguments: ``ticket`` (the ``Ticket`` as the service holds it, change applied),
``ticket_id``, ``event`` (one of the names below) and ``payload`` (a small JSON-ready dict
saying what changed). docs/webhooks.md lists the events and their payloads.
"""

from typing import Any

from django.dispatch import Signal

TICKET_CREATED = "ticket.created"
# Status (other than solved), priority, assignee or topic changed; payload {"changes":
# {field: {"old": ..., "new": ...}}}.
TICKET_UPDATED = "ticket.updated"
TICKET_SOLVED = "ticket.solved"
TICKET_RATED = "ticket.rated"  # payload {"score": 1-5}
# A public message of the customer or an agent (never an internal note); payload
# {"message_id": ..., "author": "customer" | "agent"}.
MESSAGE_CREATED = "message.created"
# A new request in a topic marked ``is_security`` (theft, unauthorised transactions): sent
# after ``ticket.created`` for the same request.
SECURITY_REPORT_CREATED = "security_report.created"

# An SLA target of a request is at risk (75 % of its time used) or was missed, recorded once
# by the sweep (tickets.sla.sweep); payload {"target": "first_response" | "resolution"}. Not a
# webhook event (the apps above tell staff: workspace's notifications).
SLA_WARNING = "sla.warning"
SLA_BREACHED = "sla.breached"

EVENTS = (
    TICKET_CREATED,
    TICKET_UPDATED,
    TICKET_SOLVED,
    TICKET_RATED,
    MESSAGE_CREATED,
    SECURITY_REPORT_CREATED,
)

ticket_event = Signal()

# Asked, not announced: does any receiver of ``ticket_event`` write rows right now? Each
# receiver returns a bool. While none does, a new request may take the one-statement fast path
# (tickets.services.lifecycle.ticket_create), which has no transaction to share.
ticket_event_rows_wanted = Signal()


def announce(ticket: Any, event: str, **payload: Any) -> None:
    """Send ``ticket_event`` for ``ticket``; call it inside the service's transaction."""
    ticket_event.send(
        sender=type(ticket), ticket=ticket, ticket_id=ticket.pk, event=event, payload=payload
    )


def announce_created(ticket: Any) -> None:
    """A new request, and for a security topic the security report too."""
    announce(ticket, TICKET_CREATED)
    if ticket.category.is_security:
        announce(ticket, SECURITY_REPORT_CREATED)


def announce_status(ticket: Any, old: str, new: str) -> None:
    """A status change: ``ticket.solved`` when it became solved, else ``ticket.updated``."""
    if new == "solved":
        announce(ticket, TICKET_SOLVED, changes={"status": {"old": old, "new": new}})
    else:
        announce(ticket, TICKET_UPDATED, changes={"status": {"old": old, "new": new}})


def announce_change(
    ticket: Any, field: str, old: object, new: object, *, by_id: int | None = None
) -> None:
    """A priority, assignee or topic change (``ticket.updated``); ``by_id``: who made it
    (None for the system: routing, the sweep), not in the webhook body."""
    announce(ticket, TICKET_UPDATED, changes={field: {"old": old, "new": new}}, by_id=by_id)


def announce_message(ticket: Any, message: Any) -> None:
    """A public message (the caller never passes an internal note; checked here too)."""
    if not message.internal:
        announce(
            ticket,
            MESSAGE_CREATED,
            message_id=message.pk,
            author=message.author_kind,
            author_id=message.author_id,  # not in the webhook body; the event log names agents
        )


def rows_wanted() -> bool:
    """Whether any receiver of ``ticket_event`` writes rows now (see above)."""
    return any(answer for _receiver, answer in ticket_event_rows_wanted.send(sender=None))


# Asked, not announced: the rows the apps above want written with a new request, in the same
# statement or transaction (the ``insights`` event log's "created" row). kwargs: ticket (its
# id set). Each receiver returns a list of unsaved model instances without save() overrides.
ticket_created_rows = Signal()


def created_rows(ticket: Any) -> list[Any]:
    """The extra rows to insert with the new ``ticket`` (see ``ticket_created_rows``)."""
    return [
        row for _r, rows in ticket_created_rows.send(sender=None, ticket=ticket) for row in rows
    ]


# Asked, not announced: a customer sent the request form, and its request is being created.
# kwargs: request (the HTTP request, which tells who the visitor is), ticket (its id set). Each
# receiver returns a list of unsaved rows written with the new request, in its one statement
# or transaction (the ``insights`` event log's "request started" row): asked by the form's view
# through ``ticket_create(rows_with=...)``, so a request costs no statements of its own for it.
request_submitted = Signal()


def submitted_rows(*, request: Any, ticket: Any) -> list[Any]:
    """The rows the apps above want written with a request sent through the form (see
    ``request_submitted``)."""
    return [
        row
        for _r, rows in request_submitted.send(sender=None, request=request, ticket=ticket)
        for row in rows or ()
    ]


# Asked, not announced: what the apps above tickets show on the console's ticket page (the
# e-mail channel's CCs, held mail, bouncing address). kwargs: ``request``, ``ticket``,
# ``thread`` (the messages shown). Each receiver returns a dict with any of "customer" (HTML
# under the customer's details), "panel" (an HTML section for the side column) and "messages"
# ({message id: HTML shown under that message}); templates escape nothing of it, so receivers
# render it from templates.
console_ticket_parts = Signal()


def console_parts(*, request: Any, ticket: Any, thread: list[Any]) -> dict[str, Any]:
    """The receivers' answers to ``console_ticket_parts``, merged: ``customer`` and ``panels``
    (lists of HTML) and ``messages`` ({message id: [HTML]})."""
    parts: dict[str, Any] = {"customer": [], "panels": [], "messages": {}}
    for _receiver, answer in console_ticket_parts.send(
        sender=None, request=request, ticket=ticket, thread=thread
    ):
        if not answer:
            continue
        if answer.get("customer"):
            parts["customer"].append(answer["customer"])
        if answer.get("panel"):
            parts["panels"].append(answer["panel"])
        for message_id, html in answer.get("messages", {}).items():
            parts["messages"].setdefault(message_id, []).append(html)
    return parts
