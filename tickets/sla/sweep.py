"""The sweep: every reminder (75 %) and escalation (breach) due is recorded and e-mailed once.

The sweep never scans all tickets: each ticket carries ``sla_next_check_at``, the next moment
something can happen to it (null when nothing is pending), behind a partial index. A sweep
reads the due rows in id batches, writes ``SlaReminder`` and outbox rows with
``ignore_conflicts`` (their unique keys make a second sweep a no-op) and moves each ticket's
``sla_next_check_at`` forward in one UPDATE per batch.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from accounts.roles import ADMIN, AGENT, SUPERVISOR
from accounts.signals import staff_on_duty_ids
from core.gathering import gathering
from tickets import live, notifications, signals
from tickets.models import Notification, SlaReminder, Ticket, TicketEvent
from tickets.sla.targets import Kind, milestones, next_milestone_field

SWEEP_BATCH = 2000


def _staff(*roles: str) -> list[tuple[int, str, str]]:
    """(id, e-mail, language) of active staff in ``roles``."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name__in=roles)
        .exclude(email="")
        .distinct()
    )
    return _recipients(users)


def _recipients(users: models.QuerySet) -> list[tuple[int, str, str]]:
    """(id, e-mail, language) of ``users``: each in the language they use the console in
    (accounts.StaffPreference), else the site's default."""
    rows = users.values_list("id", "email", "staff_preference__language")
    return [(pk, email, language or settings.LANGUAGE_CODE) for pk, email, language in rows]


def _agents_for_unassigned() -> list[tuple[int, str, str]]:
    """Who is reminded about an unassigned request: the agents at work now (online in the
    console), or every agent when nobody is."""
    agents = _staff(AGENT, SUPERVISOR, ADMIN)
    on_duty = staff_on_duty_ids()
    working = [agent for agent in agents if agent[0] in on_duty]
    return working or agents


SWEEP_FIELDS = (
    "id",
    "reference",
    "subject",  # named by the staff notification of an SLA reminder (workspace)
    "status",
    "assignee_id",
    "first_response_at",
    "first_response_due_at",
    "first_response_warn_at",
    "resolution_due_at",
    "resolution_warn_at",
    "sla_next_check_at",
    "language",
)


def sweep(now: dt.datetime | None = None) -> list[int]:
    """Record every reminder and escalation due at ``now`` once, queue their e-mails (after
    each batch commits) and return the ids of the outbox rows queued."""
    now = now or timezone.now()
    agents = _agents_for_unassigned()
    supervisors = _staff(SUPERVISOR, ADMIN)
    assignee_emails: dict[int, tuple[int, str, str]] = {}
    notification_ids: list[int] = []
    last_id = 0
    while True:
        with transaction.atomic():
            batch = list(
                Ticket.objects.filter(sla_next_check_at__lte=now, id__gt=last_id)
                .order_by("id")
                .only(*SWEEP_FIELDS)[:SWEEP_BATCH]
            )
            if not batch:
                break
            last_id = batch[-1].id
            ids = _sweep_batch(batch, now, agents, supervisors, assignee_emails)
            notifications.enqueue_on_commit(ids)
            notification_ids += ids
    return notification_ids


def _sweep_batch(
    batch: list[Ticket],
    now: dt.datetime,
    agents: list[tuple[int, str, str]],
    supervisors: list[tuple[int, str, str]],
    assignee_emails: dict[int, tuple[int, str, str]],
) -> list[int]:
    missing = {t.assignee_id for t in batch if t.assignee_id} - assignee_emails.keys()
    for recipient in _recipients(get_user_model().objects.filter(pk__in=missing)):
        assignee_emails[recipient[0]] = recipient
    reminders: list[SlaReminder] = []
    events: list[TicketEvent] = []
    outbox: list[Notification] = []
    next_check: dict[int, str | None] = {}
    for ticket in batch:
        due = milestones(ticket)
        missed = {target for at, target, kind in due if kind == Kind.BREACH and at <= now}
        for at, target, kind in due:
            if at > now:
                continue
            if kind == Kind.WARNING and target in missed:
                continue  # too late to warn: the breach e-mail says it
            reminders.append(
                SlaReminder(ticket_id=ticket.id, target=target, kind=kind, created_at=now)
            )
            events.append(
                TicketEvent(
                    ticket_id=ticket.id,
                    kind=TicketEvent.Kind.SLA_WARNING
                    if kind == Kind.WARNING
                    else TicketEvent.Kind.SLA_BREACH,
                    new_value=target,
                    created_at=now,
                )
            )
            if kind == Kind.BREACH:
                recipients = supervisors
                note_kind = Notification.Kind.SLA_BREACH
            else:
                assignee = assignee_emails.get(ticket.assignee_id or 0)
                recipients = [assignee] if assignee and assignee[1] else agents
                note_kind = Notification.Kind.SLA_WARNING
            outbox += [
                Notification(
                    idempotency_key=f"sla:{ticket.id}:{target}:{kind}:{user_id}",
                    kind=note_kind,
                    ticket_id=ticket.id,
                    recipient_id=user_id,
                    recipient_email=email,
                    language=language,
                    queued_at=now,
                    created_at=now,
                )
                for user_id, email, language in recipients
            ]
        next_check[ticket.id] = next_milestone_field(ticket, now)
    # Only reminders that were not sent before produce an event (the unique key decides).
    SlaReminder.objects.bulk_create(reminders, ignore_conflicts=True)
    fresh = _fresh_reminders(reminders, now)
    if fresh:
        live.inbox_changed_on_commit()  # a clock changed colour: at risk or breached
    TicketEvent.objects.bulk_create(
        [e for e in events if (e.ticket_id, e.new_value, e.kind) in fresh]
    )
    Notification.objects.bulk_create(outbox, ignore_conflicts=True)
    _announce(batch, fresh)
    _set_next_check(next_check)
    keys = [n.idempotency_key for n in outbox]
    return list(
        Notification.objects.filter(
            idempotency_key__in=keys, status=Notification.Status.PENDING
        ).values_list("id", flat=True)
    )


def _fresh_reminders(reminders: list[SlaReminder], now: dt.datetime) -> set[tuple[int, str, str]]:
    """(ticket, target, event kind) of the reminders this sweep inserted (created at ``now``)."""
    if not reminders:
        return set()
    rows = SlaReminder.objects.filter(
        ticket_id__in={r.ticket_id for r in reminders}, created_at=now
    ).values_list("ticket_id", "target", "kind")
    event_kind = {
        Kind.WARNING: TicketEvent.Kind.SLA_WARNING,
        Kind.BREACH: TicketEvent.Kind.SLA_BREACH,
    }
    return {(ticket_id, target, event_kind[kind]) for ticket_id, target, kind in rows}


def _announce(batch: list[Ticket], fresh: set[tuple[int, str, str]]) -> None:
    """Tell the apps above of each reminder recorded now (``sla.warning`` / ``sla.breached``),
    in the batch's transaction."""
    tickets = {ticket.id: ticket for ticket in batch}
    # What the receivers write for each reminder (a notification to the assignee) goes in one
    # statement per kind of row for the whole batch.
    with gathering():
        for ticket_id, target, event_kind in sorted(fresh):
            breached = event_kind == TicketEvent.Kind.SLA_BREACH
            event = signals.SLA_BREACHED if breached else signals.SLA_WARNING
            signals.announce(tickets[ticket_id], event, target=target)


def _set_next_check(next_check: dict[int, str | None]) -> None:
    """A few UPDATEs per batch: each ticket's next check is one of its own milestone columns
    (or null), so tickets are grouped by that column and set with ``F()``."""
    by_field: dict[str | None, list[int]] = {}
    for pk, field in next_check.items():
        by_field.setdefault(field, []).append(pk)
    for field, ids in by_field.items():
        Ticket.objects.filter(pk__in=ids).update(
            sla_next_check_at=models.F(field) if field else None
        )
