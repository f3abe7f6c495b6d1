"""Staff notifications (docs/console.md, Notifications): what is written, how it reads in a
language, who may see it. Written only by ``workspace.receivers`` (inside the transaction of
the change that caused it) and pushed to the recipient's agent sockets after that commits, as
the ``notification`` frame (docs/chat-protocol.md §4.8)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import ADMIN, SUPERVISOR
from accounts.services import staff_language
from chat import events, protocol
from core.cache import forget
from tickets.models import SlaReminder
from workspace.models import AgentNotification

Kind = AgentNotification.Kind

# What each kind says; ``%(actor)s`` is who did it (the "_system" text when nobody did:
# routing, the SLA sweep).
TEXTS = {
    Kind.TICKET_ASSIGNED: gettext_noop("%(actor)s assigned %(reference)s to you: %(subject)s"),
    (Kind.TICKET_ASSIGNED, "system"): gettext_noop(
        "%(reference)s was assigned to you: %(subject)s"
    ),
    Kind.CUSTOMER_REPLY: gettext_noop("%(customer)s replied on %(reference)s: %(subject)s"),
    Kind.CHAT_ASSIGNED: gettext_noop("%(actor)s gave you the chat with %(customer)s"),
    (Kind.CHAT_ASSIGNED, "system"): gettext_noop("The chat with %(customer)s was assigned to you"),
    Kind.CHAT_TAKEN_OVER: gettext_noop("%(actor)s took over your chat with %(customer)s"),
    Kind.CHAT_REASSIGNED: gettext_noop(
        "%(actor)s reassigned your chat with %(customer)s to %(agent)s"
    ),
    Kind.SLA_WARNING: gettext_noop("%(reference)s: %(target)s target at risk (%(subject)s)"),
    Kind.SLA_BREACH: gettext_noop("%(reference)s: %(target)s target breached (%(subject)s)"),
    Kind.SECURITY_REPORT: gettext_noop("New security report %(reference)s: %(subject)s"),
}
LIST_LIMIT = 30


def text_of(notification: AgentNotification) -> str:
    """The notification's sentence in the active language."""
    params = dict(notification.params)
    key: Any = notification.kind
    if notification.kind in (Kind.TICKET_ASSIGNED, Kind.CHAT_ASSIGNED) and not params.get("actor"):
        key = (notification.kind, "system")
    if params.get("target") in SlaReminder.Target.values:
        params["target"] = str(SlaReminder.Target(params["target"]).label)
    params.setdefault("subject", "")
    try:
        return _(TEXTS[key]) % params
    except (KeyError, TypeError, ValueError):
        return str(notification.get_kind_display())


def url_of(notification: AgentNotification) -> str:
    """The conversation pane's address in the active language."""
    if notification.ticket_id:
        return reverse("workspace:ticket", args=[notification.params.get("reference", "")])
    return reverse("workspace:chat", args=[notification.conversation_id])


# --- Writing (called by workspace.receivers, inside the change's transaction) -----------------


def notify(
    *,
    recipient_ids: list[int],
    kind: str,
    ticket: Any = None,
    conversation: Any = None,
    params: dict[str, str],
) -> list[AgentNotification]:
    """One notification for each recipient, pushed to their agent sockets after commit."""
    now = timezone.now()
    rows = [
        AgentNotification(
            recipient_id=recipient_id,
            kind=kind,
            ticket=ticket,
            conversation=conversation,
            params=params,
            created_at=now,
        )
        for recipient_id in dict.fromkeys(recipient_ids)
    ]
    with transaction.atomic():
        for row in rows:
            row.save(force_insert=True)
            _push_on_commit(row)
    return rows


def _push_on_commit(row: AgentNotification) -> None:
    """The ``notification`` frame, in the recipient's language, after the transaction commits
    (core.realtime's one path, through chat.events)."""
    recipient = get_user_model()(pk=row.recipient_id)
    with translation.override(staff_language(recipient)):
        item = {
            "id": row.pk,
            "kind": row.kind,
            "text": text_of(row),
            "url": url_of(row),
            "created_at": row.created_at.isoformat(),
        }
    unread = unread_count_fresh(user_id=row.recipient_id)  # inside the transaction: not kept
    events.emit_on_commit(
        events.agent_group(row.recipient_id),
        protocol.notification_frame(notification=item, unread=unread),
    )


def supervisor_ids() -> list[int]:
    """Active supervisors and admins (superusers among them), who hear of security reports."""
    return list(
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(groups__name__in=[SUPERVISOR, ADMIN]),
            is_active=True,
            is_staff=True,
        )
        .values_list("pk", flat=True)
        .distinct()
    )


# --- Reading (selectors: the owner's only) -----------------------------------------------------


def notifications_for(*, user: Any, limit: int = LIST_LIMIT) -> list[AgentNotification]:
    """``user``'s newest notifications, newest first (one query)."""
    return list(AgentNotification.objects.filter(recipient=user)[:limit])


UNREAD_KEPT_SECONDS = 60


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(*, user_id: int) -> int:
    """How many of ``user_id``'s notifications are unread (the bell on every console page),
    kept in the cache until one of theirs is written, read or deleted
    (``forget_unread_counts``). A count read while such a change commits may be kept stale,
    for ``UNREAD_KEPT_SECONDS`` at most; the socket's ``notification`` frame carries a fresh
    one meanwhile."""
    key = _unread_key(user_id)
    count = cache.get(key)
    if count is None:
        count = unread_count_fresh(user_id=user_id)
        cache.set(key, count, UNREAD_KEPT_SECONDS)
    return count


def unread_count_fresh(*, user_id: int) -> int:
    """The unread count, counted now (the plain way ``unread_count`` must equal)."""
    return AgentNotification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def forget_unread_counts(user_ids: Any) -> None:
    """Drop the kept counts of ``user_ids``, now and again once the change commits."""
    forget([_unread_key(user_id) for user_id in set(user_ids)])


def notification_get(*, user: Any, notification_id: int) -> AgentNotification:
    """The notification if it is ``user``'s; AgentNotification.DoesNotExist otherwise (the
    view answers 404: another agent's notifications are never visible)."""
    return AgentNotification.objects.get(pk=notification_id, recipient=user)


# --- Services -----------------------------------------------------------------------------------


@transaction.atomic
def notifications_mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one (``notification_id``) or all of ``user``'s unread notifications read; returns
    how many changed. Another agent's id changes nothing."""
    unread: QuerySet = AgentNotification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    forget_unread_counts([user.pk])
    return unread.update(read_at=timezone.now())


def notifications_prune(*, now: dt.datetime | None = None) -> int:
    """Delete notifications older than ``NOTIFICATION_RETENTION_DAYS`` (read or not)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    deleted, _by_model = AgentNotification.objects.filter(created_at__lt=cutoff).delete()
    return deleted
