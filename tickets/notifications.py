"""The e-mail outbox: queue a row inside the caller's transaction, deliver it from Celery.

Delivery is at least once, never lost, and duplicates carry the same Message-ID. ``send``
claims a pending row with one conditional UPDATE (``sending``, committed on its own, so two
workers never both send it), hands the e-mail to SMTP outside any transaction, then marks it
sent. An SMTP failure puts it back to pending (failed after ``MAX_ATTEMPTS``) and the beat
sweep re-queues it; there are no countdown retries. A worker killed after handing the mail to
SMTP and before marking it sent leaves the row ``sending``: the sweep re-queues it after
``SENDING_TIMEOUT`` and it goes out again with the same deterministic Message-ID, which mail
clients collapse into one.
"""

import datetime as dt
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from accounts.services import staff_language
from core.i18n import localized
from core.mail import Email
from core.new_rows import new_row
from tickets import access, mail_ids
from tickets.handoff import Handoff
from tickets.models import Notification, Ticket, TicketMessage

MAX_ATTEMPTS = 5
WORKER_LOST = "WorkerLost: still sending after SENDING_TIMEOUT; sent again, same Message-ID"
# Rows still pending this long after being queued were lost (worker killed, broker down).
REQUEUE_AFTER = dt.timedelta(minutes=2)
# Longer than one send can take (connect and SMTP timeouts included): a row claimed this long
# ago and still "sending" belonged to a worker that died between SMTP and marking it sent.
SENDING_TIMEOUT = dt.timedelta(minutes=5)

Kind = Notification.Kind


# The SLA sweep can queue thousands of rows at once: they go in tasks of this many ids.
ENQUEUE_CHUNK = 200


def _enqueue(notification_ids: list[int]) -> None:
    # Imported here: tasks import this module to do the sending.
    from tickets.tasks import notification_send, notification_send_many

    if len(notification_ids) == 1:
        notification_send.delay(notification_ids[0])
        return
    for start in range(0, len(notification_ids), ENQUEUE_CHUNK):
        notification_send_many.delay(notification_ids[start : start + ENQUEUE_CHUNK])


_handoff = Handoff(_enqueue)


def _hand_over(notification_ids: list[int]) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _enqueue(notification_ids)  # the task runs here and now: no thread in between
    else:
        _handoff.put(notification_ids)


def enqueue_on_commit(notification_ids: list[int]) -> None:
    """Hand rows to Celery (through ``tickets.handoff``) once the transaction that wrote them
    has committed."""
    if notification_ids:
        transaction.on_commit(lambda: _hand_over(notification_ids))


def _row(
    *,
    key: str,
    kind: str,
    ticket: Ticket,
    email: str,
    language: str,
    recipient: Any = None,
    message: TicketMessage | None = None,
) -> Notification:
    # Keys are unique by construction (they name the message, solve time or link); a clash
    # would be a bug and fails the caller's transaction rather than dropping an e-mail.
    return new_row(
        Notification,
        idempotency_key=key,
        kind=kind,
        ticket=ticket,
        recipient=recipient,
        recipient_email=email,
        language=language,
        message=message,
    )


def queue(notification: Notification) -> Notification:
    """Save an outbox row and hand it to Celery once the transaction commits."""
    notification.save(force_insert=True)
    enqueue_on_commit([notification.pk])
    return notification


def customer_row(
    ticket: Ticket, kind: str, *, message: TicketMessage | None = None
) -> Notification:
    """The unsaved outbox row of an e-mail to the ticket's customer, in the ticket's language.
    Whoever saves it hands its id to ``enqueue_on_commit``."""
    if kind == Kind.AGENT_REPLY:
        discriminator = str(message.pk)
    elif kind == Kind.SOLVED:
        discriminator = ticket.solved_at.isoformat()
    elif kind == Kind.PORTAL_LINK:
        discriminator = ticket.portal_key
    elif kind == Kind.WAITING:
        discriminator = timezone.now().isoformat()
    else:
        discriminator = ""
    return _row(
        key=f"{kind}:{ticket.pk}:{discriminator}",
        kind=kind,
        ticket=ticket,
        email=ticket.customer_email,
        language=ticket.language,
        recipient=ticket.customer,
        message=message,
    )


def queue_customer(
    ticket: Ticket, kind: str, *, message: TicketMessage | None = None
) -> Notification:
    """Queue an e-mail to the ticket's customer, in the ticket's language."""
    return queue(customer_row(ticket, kind, message=message))


def queue_agent(ticket: Ticket, kind: str, *, agent: Any) -> Notification:
    """Queue an e-mail to a staff member about ``ticket``, in the language they use the
    console in (the site's default until they have used it)."""
    return queue(
        _row(
            key=f"{kind}:{ticket.pk}:{agent.pk}:{timezone.now().isoformat()}",
            kind=kind,
            ticket=ticket,
            email=agent.email,
            language=staff_language(agent),
            recipient=agent,
        )
    )


# --- Rendering ---------------------------------------------------------------------------

CUSTOMER_KINDS = {Kind.CREATED, Kind.AGENT_REPLY, Kind.SOLVED, Kind.PORTAL_LINK, Kind.WAITING}


def thread_root_id(ticket: Ticket, *, staff: bool = False) -> str:
    """The Message-ID every e-mail about the ticket refers to, so mail clients group them.
    Signed (``tickets.mail_ids``): a reply that refers to it reaches this ticket, and nobody can
    make one up from the reference alone."""
    return mail_ids.message_id(ticket.reference, "staff" if staff else "")


def message_id(notification: Notification) -> str:
    """Deterministic: a resend after a crash carries the same id and is recognised."""
    if notification.kind == Kind.CREATED:
        return thread_root_id(notification.ticket)
    return mail_ids.message_id(notification.ticket.reference, f"n{notification.pk}")


def _console_url(ticket: Ticket) -> str:
    try:
        path = reverse("tickets_console:detail", kwargs={"reference": ticket.reference})
    except NoReverseMatch:
        path = reverse("tickets_console:list")
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _opens_the_thread(notification: Notification) -> bool:
    """An agent's reply that is the request's first public message: the request an agent
    opened by writing to the customer (its e-mail is worded as a first e-mail, not a reply)."""
    message = notification.message
    return (
        notification.kind == Kind.AGENT_REPLY
        and message is not None
        and not TicketMessage.objects.filter(
            ticket_id=message.ticket_id, internal=False, pk__lt=message.pk
        ).exists()
    )


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for an outbox row: plain text and HTML, in the row's language, with
    threading headers."""
    ticket = notification.ticket
    customer_facing = notification.kind in CUSTOMER_KINDS
    with translation.override(notification.language):
        portal = access.portal_url(ticket) if customer_facing else ""
        context = {
            "ticket": ticket,
            "category_name": localized(ticket.category, "name"),
            "message": notification.message,
            "attachments": list(notification.message.attachments.all())
            if notification.message
            else [],
            "portal_url": portal,
            "rating_urls": [(score, f"{portal}?rate={score}#rate") for score in range(1, 6)],
            "console_url": "" if customer_facing else _console_url(ticket),
            "kind": notification.kind,
            "opening": _opens_the_thread(notification),
        }
        template = f"emails/tickets/{notification.kind}"
        subject = render_to_string(f"{template}.subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    root = thread_root_id(ticket, staff=not customer_facing)
    headers = {"Message-ID": message_id(notification)}
    if headers["Message-ID"] != root:
        headers.update({"In-Reply-To": root, "References": root})
    email = Email(
        subject=subject,
        body=text,
        to=[notification.recipient_email],
        headers=headers,
        # Customers answer by replying: the signed address leads the answer to this ticket.
        reply_to=[mail_ids.reply_address(ticket.pk)] if customer_facing else None,
    )
    email.attach_alternative(html, "text/html")
    return email


# --- Sending -----------------------------------------------------------------------------


def send_many(notification_ids: list[int]) -> int:
    """``sum(send(pk) for pk in notification_ids)`` over one connection to the mail server:
    a batch handed off together (``tickets.handoff``: a few new requests' confirmations every
    50 ms under load) was one SMTP conversation (connect, EHLO, possibly TLS and login) per
    message. Each row is still claimed, sent and marked on its own, exactly as ``send`` does;
    a send that fails drops the shared connection (the rest open their own, as ``send`` would),
    and a server that cannot be reached leaves every row to ``send``'s own handling."""
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError):
        connection = None  # each send tries, fails and releases its row as before
    try:
        return sum(send(pk, connection=connection) for pk in notification_ids)
    finally:
        if connection is not None:
            connection.close()


def send(notification_id: int, *, connection: Any = None) -> bool:
    """Send one outbox row unless it is sent or another worker has claimed it; True when this
    call handed it to SMTP. Call it outside a transaction (tasks do): the claim must commit
    before the mail leaves, and "sent" right after. ``connection``: an open mail connection to
    send over (``send_many``); by default the message opens and closes its own."""
    notification = (
        Notification.objects.select_related("ticket", "message")
        .filter(pk=notification_id, status=Notification.Status.PENDING)
        .first()
    )
    if notification is None:
        return False
    email = build_email(notification)
    if not _claim(notification_id):
        return False
    email.connection = connection
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as exc:
        if connection is not None:
            connection.close()  # perhaps broken: the next message opens its own
        _release_failed(notification_id, exc)
        return False
    # The window this module cannot close: a worker killed here leaves the row "sending" and
    # the sweep sends it again, with the same Message-ID.
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT, sent_at=timezone.now()
    )
    return True


def _claim(notification_id: int) -> bool:
    """Mark a pending row "sending" in one conditional UPDATE (autocommitted): of any number of
    workers racing for the row, exactly one updates it."""
    return bool(
        Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
            status=Notification.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def _release_failed(notification_id: int, exc: Exception) -> None:
    """Back to pending for the sweep, or failed once ``MAX_ATTEMPTS`` claims have failed."""
    Notification.objects.filter(pk=notification_id).update(
        status=Case(
            When(attempts__gte=MAX_ATTEMPTS, then=Value(Notification.Status.FAILED)),
            default=Value(Notification.Status.PENDING),
        ),
        last_error=f"{type(exc).__name__}: {exc}"[:300],
    )


def requeue_stale(now: dt.datetime | None = None) -> list[int]:
    """Ids of rows to send again, re-queued now: pending rows queued longer than
    ``REQUEUE_AFTER`` ago, and rows left "sending" longer than ``SENDING_TIMEOUT`` by a worker
    that died (back to pending; failed once ``MAX_ATTEMPTS`` claims have gone that way)."""
    now = now or timezone.now()
    with transaction.atomic():
        abandoned = Notification.objects.filter(
            status=Notification.Status.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
        )
        abandoned.filter(attempts__gte=MAX_ATTEMPTS).update(
            status=Notification.Status.FAILED, last_error=WORKER_LOST
        )
        # Back to pending as if queued when it was claimed: old enough for the query below.
        abandoned.update(
            status=Notification.Status.PENDING, queued_at=F("claimed_at"), last_error=WORKER_LOST
        )
        ids = list(
            Notification.objects.filter(
                status=Notification.Status.PENDING, queued_at__lt=now - REQUEUE_AFTER
            )
            .order_by("queued_at")
            .values_list("id", flat=True)[:1000]
        )
        Notification.objects.filter(pk__in=ids).update(queued_at=now)
        enqueue_on_commit(ids)
    return ids
