"""Lifecycle rows of the event log: every state change of a request or a chat, recorded by
receivers of the signals ``tickets`` and ``chat`` send from inside their services'
transactions (``ticket_event``, ``chat_event``, and ``ticket_created_rows`` for the new
request's own statement), so a row commits or rolls back with its change.

Each receiver costs one INSERT at most and reads nothing on the new-request path: what the
metrics need (durations in opening hours, whether a target was met, the agent, the backlog
change) is computed from the objects the signal carries. docs/metrics.md defines every row."""

import datetime as dt
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from chat import signals as chat_signals
from chat.events import FLOOR_GROUP
from chat.models import Transfer
from core import realtime
from insights import services
from insights.clock import open_seconds
from insights.models import Event
from insights.services import EventRow
from tickets import signals as ticket_signals
from tickets.models import TicketEvent

Kind = Event.Kind
# The kinds written here (the rest of the log is deflection, insights.receivers).
LIFECYCLE_KINDS = (
    Kind.CREATED,
    Kind.QUEUED,
    Kind.ASSIGNED,
    Kind.ACCEPTED,
    Kind.FIRST_PUBLIC_RESPONSE,
    Kind.REPLIED,
    Kind.STATUS_CHANGED,
    Kind.SOLVED,
    Kind.REOPENED,
    Kind.CLOSED,
    Kind.MERGED,
    Kind.TRANSFERRED,
    Kind.ABANDONED,
    Kind.RATED,
)
OPEN_STATUSES = frozenset({"new", "open", "pending_customer"})
FLOOR_EVENT = "floor.changed"
SOURCE_CHANNELS = {
    "web": Event.Channel.WEB,
    "chat": Event.Channel.CHAT,
    "email": Event.Channel.EMAIL,
    "phone": Event.Channel.PHONE,
    "social": Event.Channel.SOCIAL,
    "api": Event.Channel.API,
}


def _durations(start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    return {
        "seconds": max(0, int((end - start).total_seconds())),
        "business_seconds": open_seconds(start, end),
    }


def _within(due: dt.datetime | None, at: dt.datetime) -> bool | None:
    """Whether a target was met (the moment itself counts as in time); None without one."""
    return None if due is None else at <= due


def _backlog(old: str, new: str) -> int:
    """+1 when a request starts being owed an answer, -1 when it stops (docs/metrics.md)."""
    return int(new in OPEN_STATUSES) - int(old in OPEN_STATUSES)


def _ticket_row(ticket: Any, kind: str, at: dt.datetime, **data: Any) -> EventRow:
    return EventRow(
        kind=kind,
        at=at,
        ticket_id=ticket.pk,
        topic_id=ticket.category_id,
        channel=SOURCE_CHANNELS.get(ticket.source, ""),
        language=ticket.language,
        data=data,
    )


@receiver(ticket_signals.ticket_created_rows, dispatch_uid="insights.ticket_created_rows")
def ticket_created(*, ticket: Any, **kwargs: Any) -> list[Event]:
    """The new request's ``created`` row, inserted in the request's own statement."""
    row = _ticket_row(ticket, Kind.CREATED, ticket.created_at, priority=ticket.priority, backlog=1)
    return [services.event_build(row=row)]


def _message_rows(ticket: Any, payload: dict[str, Any], now: dt.datetime) -> list[EventRow]:
    if payload["author"] != "agent":
        return [_ticket_row(ticket, Kind.REPLIED, now, author="customer")]
    agent = payload.get("author_id")
    rows = [_ticket_row(ticket, Kind.REPLIED, now, author="agent", agent=agent)]
    if ticket.first_response_at is None:  # the service sets it right after announcing
        rows.append(
            _ticket_row(
                ticket,
                Kind.FIRST_PUBLIC_RESPONSE,
                now,
                agent=agent,
                priority=ticket.priority,
                within=_within(ticket.first_response_due_at, now),
                **_durations(ticket.created_at, now),
            )
        )
    return rows


def _status_row(ticket: Any, old: str, new: str, now: dt.datetime) -> EventRow:
    common = {"old": old, "new": new, "backlog": _backlog(old, new), "agent": ticket.assignee_id}
    if new == "solved":
        return _ticket_row(
            ticket,
            Kind.SOLVED,
            now,
            priority=ticket.priority,
            within=_within(ticket.resolution_due_at, now),
            **common,
            **_durations(ticket.created_at, now),
        )
    if new == "closed":
        return _ticket_row(ticket, Kind.CLOSED, now, **common)
    if old in ("solved", "closed"):
        return _ticket_row(ticket, Kind.REOPENED, now, **common)
    return _ticket_row(ticket, Kind.STATUS_CHANGED, now, **common)


@receiver(ticket_signals.ticket_event, dispatch_uid="insights.ticket_event")
def ticket_changed(*, ticket: Any, event: str, payload: dict[str, Any], **kwargs: Any) -> None:
    now = timezone.now()
    rows: list[EventRow] = []
    if event == ticket_signals.MESSAGE_CREATED:
        rows = _message_rows(ticket, payload, now)
    elif event in (ticket_signals.TICKET_UPDATED, ticket_signals.TICKET_SOLVED):
        changes = payload.get("changes", {})
        if "status" in changes:
            rows.append(
                _status_row(ticket, changes["status"]["old"], changes["status"]["new"], now)
            )
        if "assignee" in changes:
            old, new = changes["assignee"]["old"], changes["assignee"]["new"]
            rows.append(_ticket_row(ticket, Kind.ASSIGNED, now, agent=new, old_agent=old))
    elif event == ticket_signals.TICKET_RATED:
        rows.append(
            _ticket_row(ticket, Kind.RATED, now, score=payload["score"], agent=ticket.assignee_id)
        )
    if rows:
        services.events_record_many(events=rows)


@receiver(post_save, sender=TicketEvent, dispatch_uid="insights.ticket_merged")
def ticket_merged(*, instance: TicketEvent, created: bool, **kwargs: Any) -> None:
    """A duplicate merged into another request (tickets.services.ticket_merge sends no signal;
    its status event on the duplicate, closed with ``merged_into`` set, is the moment)."""
    ticket = instance.ticket
    if not created or instance.kind != TicketEvent.Kind.STATUS or not ticket.merged_into_id:
        return
    old = instance.old_value
    row = _ticket_row(
        ticket,
        Kind.MERGED,
        timezone.now(),
        into=ticket.merged_into_id,
        old=old,
        backlog=_backlog(old, "closed"),
        agent=ticket.assignee_id,
    )
    services.events_record_many(events=[row])


def _chat_row(conversation: Any, kind: str, at: dt.datetime, **data: Any) -> EventRow:
    return EventRow(
        kind=kind,
        at=at,
        conversation_id=conversation.pk,
        topic_id=conversation.topic_id,
        channel=Event.Channel.WIDGET,
        language=conversation.language,
        data=data,
    )


def _first_accepted_at(conversation_id: int) -> dt.datetime | None:
    return (
        Event.objects.filter(conversation_id=conversation_id, kind=Kind.ACCEPTED)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )


def _chat_rows(conversation: Any, event: str, payload: dict[str, Any]) -> list[EventRow]:
    now = timezone.now()
    if event == chat_signals.CHAT_QUEUED:
        return [
            _chat_row(conversation, Kind.CREATED, conversation.queued_at),
            _chat_row(conversation, Kind.QUEUED, conversation.queued_at),
        ]
    if event == chat_signals.CHAT_STARTED:
        first = _first_accepted_at(conversation.pk) is None
        wait = max(0, int((now - conversation.queued_at).total_seconds()))
        return [
            _chat_row(
                conversation,
                Kind.ACCEPTED,
                now,
                agent=payload.get("agent_id"),
                wait_seconds=wait,
                first=first,
            )
        ]
    if event == chat_signals.CHAT_ENDED:
        ended = conversation.closed_at or now
        if payload.get("abandoned") or conversation.agent_id is None:
            wait = max(0, int((ended - conversation.queued_at).total_seconds()))
            return [_chat_row(conversation, Kind.ABANDONED, ended, wait_seconds=wait)]
        taken = _first_accepted_at(conversation.pk) or conversation.assigned_at or ended
        return [
            _chat_row(
                conversation,
                Kind.CLOSED,
                ended,
                agent=conversation.agent_id,
                by="customer" if payload.get("by_customer") else "agent",
                handle_seconds=max(0, int((ended - taken).total_seconds())),
            )
        ]
    if event == chat_signals.CHAT_RATED:
        return [
            _chat_row(
                conversation, Kind.RATED, now, score=payload["score"], agent=conversation.agent_id
            )
        ]
    return []


@receiver(chat_signals.chat_event, dispatch_uid="insights.chat_event")
def chat_changed(*, conversation: Any, event: str, payload: dict[str, Any], **kwargs: Any) -> None:
    rows = _chat_rows(conversation, event, payload)
    if rows:
        services.events_record_many(events=rows)
    floor_changed_on_commit()


@receiver(post_save, sender=Transfer, dispatch_uid="insights.chat_transferred")
def chat_transferred(*, instance: Transfer, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    row = _chat_row(
        instance.conversation,
        Kind.TRANSFERRED,
        instance.created_at,
        from_agent=instance.from_agent_id,
        agent=instance.to_agent_id,
    )
    services.events_record_many(events=[row])
    floor_changed_on_commit()


def floor_changed_on_commit() -> None:
    """Tell the supervisors' live floors (``floor`` frame) once the change commits."""
    realtime.publish_computed_on_commit(_floor_event, once_per_commit=FLOOR_EVENT)


def _floor_event() -> list[tuple[str, dict[str, object]]]:
    return [(FLOOR_GROUP, {"type": FLOOR_EVENT, "changed": ["chat"]})]
