"""Staff notifications (docs/console.md, Notifications): what is written, how it reads in a
language, who may see it. Written only by ``workspace.receivers`` (inside the transaction of
the change that caused it) and pushed to the recipient's agent sockets after that commits, as
the ``notification`` frame (docs/chat-protocol.md §4.8)."""

import datetime as dt
import threading
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import ADMIN, SUPERVISOR
from accounts.services import staff_languages
from chat import events, protocol
from core.cache import forget
from core.gathering import gather
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
    """One notification for each recipient, pushed to their agent sockets after commit.
    Written at once, or with the others of a ``core.gathering`` block when it ends (the rows
    returned then have no id yet)."""
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
    gather(rows, _write)
    return rows


def _write(rows: list[AgentNotification]) -> None:
    """One statement, so no savepoint. bulk_create sends no post_save, so the recipients' kept
    unread counts are forgotten here, as the post_save receiver does for a single row."""
    AgentNotification.objects.bulk_create(rows)
    forget_unread_counts(row.recipient_id for row in rows)
    written = _written()
    written += [row.pk for row in rows]
    events.emit_computed_on_commit(_frames_of_written, once_per_commit=PUSH_ROUND)


# The notifications written in this thread and not pushed yet. The first commit after they are
# written pushes them all at once, read back from the database: one language, one unread count
# per recipient however many were written (an SLA sweep writes hundreds in one transaction).
# An id whose transaction rolled back is not found, so it is never pushed.
PUSH_ROUND = "workspace.notifications"
_local = threading.local()


def _written() -> list[int]:
    written = getattr(_local, "written", None)
    if written is None:
        written = _local.written = []
    return written


def _frames_of_written() -> list[tuple[str, dict[str, Any]]]:
    ids, _local.written = _written(), []
    return notification_frames(ids)


def notification_frames(ids: list[int]) -> list[tuple[str, dict[str, Any]]]:
    """The ``notification`` frame of each committed notification of ``ids`` (each in its
    recipient's language, with their unread count now), for their agent group, oldest first."""
    rows = list(AgentNotification.objects.filter(pk__in=ids).order_by("pk"))
    recipients = {row.recipient_id for row in rows}
    if not recipients:
        return []
    languages = staff_languages(recipients)
    unread = unread_counts_fresh(recipients)
    frames = []
    for row in rows:
        with translation.override(languages[row.recipient_id]):
            item = {
                "id": row.pk,
                "kind": row.kind,
                "text": text_of(row),
                "url": url_of(row),
                "created_at": row.created_at.isoformat(),
            }
        frames.append(
            (
                events.agent_group(row.recipient_id),
                protocol.notification_frame(notification=item, unread=unread[row.recipient_id]),
            )
        )
    return frames


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
    return unread_counts_fresh([user_id])[user_id]


def unread_counts_fresh(user_ids: Iterable[int]) -> dict[int, int]:
    """``unread_count_fresh`` of each of ``user_ids``, in one query."""
    ids = set(user_ids)
    rows = (
        AgentNotification.objects.filter(recipient_id__in=ids, read_at__isnull=True)
        .values_list("recipient_id")
        .annotate(unread=Count("pk"))
        .order_by()
    )
    counted = dict(rows)
    return {user_id: counted.get(user_id, 0) for user_id in ids}


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
