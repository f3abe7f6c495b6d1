"""Service-level targets: which policy applies, when targets fall due, what state a ticket is
in, and the sweep that sends reminders (75 %) and escalations (breach) once each.

The sweep never scans all tickets: each ticket carries ``sla_next_check_at``, the next moment
something can happen to it (null when nothing is pending), behind a partial index. A sweep
reads the due rows in id batches, writes ``SlaReminder`` and outbox rows with
``ignore_conflicts`` (their unique keys make a second sweep a no-op) and moves each ticket's
``sla_next_check_at`` forward in one UPDATE per batch.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADMIN, AGENT, SUPERVISOR
from core.memo import ProcessMemo
from core.models import BusinessHours, Topic
from tickets import notifications
from tickets.models import Notification, SlaPolicy, SlaReminder, Ticket, TicketEvent

DEFAULT_FIRST_RESPONSE_MINUTES = 24 * 60
SECURITY_FIRST_RESPONSE_MINUTES = 60
WARN_FRACTION = 0.75
SWEEP_BATCH = 2000

TARGET_FIELDS = (
    "priority",
    "first_response_due_at",
    "first_response_warn_at",
    "resolution_due_at",
    "resolution_warn_at",
    "sla_next_check_at",
    "updated_at",
)

Target = SlaReminder.Target
Kind = SlaReminder.Kind


@dataclass(frozen=True)
class Targets:
    first_response_minutes: int
    resolution_minutes: int | None
    business_hours_only: bool


def _load_policies() -> list[tuple[int | None, str, Targets]]:
    return [
        (
            p.category_id,
            p.priority,
            Targets(p.first_response_minutes, p.resolution_minutes, p.business_hours_only),
        )
        for p in SlaPolicy.objects.all()
    ]


# Every policy as (category id, priority, targets): a few rows edited by admins, read on every
# new ticket, so kept in each process (``core.memo``) and dropped when one changes.
_policies = ProcessMemo(_load_policies)


@receiver([post_save, post_delete], sender=SlaPolicy)
def forget_policies(**kwargs: object) -> None:
    _policies.clear()  # this transaction's own later reads
    transaction.on_commit(_policies.clear)


def policy_for(category: Topic, priority: str) -> Targets:
    """The most specific policy: category + priority, category, priority, default (neither).
    Without any policy rows: 24 h first response, or 1 h for a security report."""
    matching = [
        (category_id is not None, policy_priority != "", targets)
        for category_id, policy_priority, targets in _policies.get()
        if category_id in (category.pk, None) and policy_priority in (priority, "")
    ]
    if matching:
        return max(matching, key=lambda match: match[:2])[2]
    if category.is_security:
        return Targets(SECURITY_FIRST_RESPONSE_MINUTES, None, False)
    return Targets(DEFAULT_FIRST_RESPONSE_MINUTES, None, False)


def add_minutes(start: dt.datetime, minutes: float, *, business_hours_only: bool) -> dt.datetime:
    """``start`` plus ``minutes``, counting only opening hours when asked (and when any are
    configured; no rows means 24/7)."""
    if not business_hours_only:
        return start + dt.timedelta(minutes=minutes)
    hours = {h.weekday: h for h in BusinessHours.objects.all()}
    if not hours:
        return start + dt.timedelta(minutes=minutes)
    remaining = dt.timedelta(minutes=minutes)
    local = timezone.localtime(start)
    tz = local.tzinfo
    for _day in range(366):
        h = hours.get(local.weekday())
        if h is not None:
            opens = dt.datetime.combine(local.date(), h.opens_at, tzinfo=tz)
            closes = dt.datetime.combine(local.date(), h.closes_at, tzinfo=tz)
            begin = max(local, opens)
            if begin < closes:
                if begin + remaining <= closes:
                    return begin + remaining
                remaining -= closes - begin
        local = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return local  # a year without opening hours: treat the target as that far away


def apply_targets(ticket: Ticket, *, start: dt.datetime) -> None:
    """Set the due and 75 % times of both targets from the ticket's policy, and the next
    sweep time. In memory; the caller saves ``TARGET_FIELDS``."""
    targets = policy_for(ticket.category, ticket.priority)
    bh = targets.business_hours_only
    fr = targets.first_response_minutes
    ticket.first_response_due_at = add_minutes(start, fr, business_hours_only=bh)
    ticket.first_response_warn_at = add_minutes(start, fr * WARN_FRACTION, business_hours_only=bh)
    if targets.resolution_minutes:
        res = targets.resolution_minutes
        ticket.resolution_due_at = add_minutes(start, res, business_hours_only=bh)
        ticket.resolution_warn_at = add_minutes(start, res * WARN_FRACTION, business_hours_only=bh)
    else:
        ticket.resolution_due_at = ticket.resolution_warn_at = None
    refresh_next_check(ticket)


MILESTONE_FIELDS = {
    (Target.FIRST_RESPONSE, Kind.WARNING): "first_response_warn_at",
    (Target.FIRST_RESPONSE, Kind.BREACH): "first_response_due_at",
    (Target.RESOLUTION, Kind.WARNING): "resolution_warn_at",
    (Target.RESOLUTION, Kind.BREACH): "resolution_due_at",
}


def _milestones(ticket: Ticket) -> list[tuple[dt.datetime, str, str]]:
    """(time, target, kind) of every reminder that still applies to the ticket's state."""
    if ticket.status not in Ticket.ACTIVE_STATUSES:
        return []
    targets = []
    if ticket.first_response_at is None and ticket.first_response_due_at:
        targets.append(Target.FIRST_RESPONSE)
    if ticket.resolution_due_at:
        targets.append(Target.RESOLUTION)
    return [
        (getattr(ticket, MILESTONE_FIELDS[target, kind]), target, kind)
        for target in targets
        for kind in (Kind.WARNING, Kind.BREACH)
    ]


def _next_milestone_field(ticket: Ticket, after: dt.datetime) -> str | None:
    """The column holding the ticket's next milestone after ``after`` (None: nothing left)."""
    upcoming = [(at, target, kind) for at, target, kind in _milestones(ticket) if at > after]
    if not upcoming:
        return None
    _at, target, kind = min(upcoming)
    return MILESTONE_FIELDS[target, kind]


def refresh_next_check(ticket: Ticket) -> None:
    """Set ``sla_next_check_at`` to the earliest milestone that applies (in memory). Past
    milestones are kept so the sweep catches them; the reminder's unique key makes a second
    look harmless."""
    times = [at for at, _target, _kind in _milestones(ticket)]
    ticket.sla_next_check_at = min(times, default=None)


# --- State shown to people ---------------------------------------------------------------


class State(models.TextChoices):
    NONE = "none", _("No target")
    OK = "ok", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    MET = "met", _("Met")


@dataclass(frozen=True)
class SlaState:
    """What the console shows: the target being measured, its state and time left."""

    target: str | None
    state: str
    due_at: dt.datetime | None
    seconds_left: int | None

    @property
    def label(self) -> str:
        return str(State(self.state).label)

    @property
    def target_label(self) -> str:
        return str(Target(self.target).label) if self.target else ""


def state_of(ticket: Ticket, now: dt.datetime | None = None) -> SlaState:
    """The SLA state of the first unmet target (first response, then resolution)."""
    now = now or timezone.now()
    if ticket.status not in Ticket.ACTIVE_STATUSES:
        met = ticket.first_response_due_at is not None and ticket.status != Ticket.Status.NEW
        return SlaState(None, State.MET if met else State.NONE, None, None)
    if ticket.first_response_at is None and ticket.first_response_due_at:
        due, warn, target = (
            ticket.first_response_due_at,
            ticket.first_response_warn_at,
            Target.FIRST_RESPONSE,
        )
    elif ticket.resolution_due_at:
        due, warn, target = ticket.resolution_due_at, ticket.resolution_warn_at, Target.RESOLUTION
    else:
        return SlaState(None, State.MET if ticket.first_response_at else State.NONE, None, None)
    if now >= due:
        state = State.BREACHED
    elif warn and now >= warn:
        state = State.AT_RISK
    else:
        state = State.OK
    return SlaState(target, state, due, int((due - now).total_seconds()))


def at_risk_q(now: dt.datetime) -> Q:
    """Tickets past 75 % of a running target but not yet breached (for console lists)."""
    active = Q(status__in=Ticket.ACTIVE_STATUSES)
    fr = Q(
        first_response_at__isnull=True,
        first_response_warn_at__lte=now,
        first_response_due_at__gt=now,
    )
    res = Q(resolution_warn_at__lte=now, resolution_due_at__gt=now)
    return active & (fr | res) & ~breached_q(now)


def breached_q(now: dt.datetime) -> Q:
    """Tickets with a running target already missed."""
    active = Q(status__in=Ticket.ACTIVE_STATUSES)
    return active & (
        Q(first_response_at__isnull=True, first_response_due_at__lte=now)
        | Q(resolution_due_at__lte=now)
    )


# --- The sweep ---------------------------------------------------------------------------


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


SWEEP_FIELDS = (
    "id",
    "reference",
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
    agents = _staff(AGENT, SUPERVISOR, ADMIN)
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
        for at, target, kind in _milestones(ticket):
            if at > now:
                continue
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
        next_check[ticket.id] = _next_milestone_field(ticket, now)
    # Only reminders that were not sent before produce an event (the unique key decides).
    SlaReminder.objects.bulk_create(reminders, ignore_conflicts=True)
    fresh = _fresh_reminders(reminders, now)
    TicketEvent.objects.bulk_create(
        [e for e in events if (e.ticket_id, e.new_value, e.kind) in fresh]
    )
    Notification.objects.bulk_create(outbox, ignore_conflicts=True)
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
