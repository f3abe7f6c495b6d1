"""Every write to requests (tickets). Views, consumers, the console and tasks call these.

Interface note for the console and chat engineers
-------------------------------------------------
All functions are keyword-only, run in one transaction, record a ``TicketEvent`` for every
change and queue e-mails through the ``Notification`` outbox (sent by Celery after commit).
Invalid input raises ``django.core.exceptions.ValidationError`` with a translated message.

- ``ticket_create(*, category, subject, description, email, name, language, customer=None,
  transaction_number="", error_message="", uploads=(), source="web") -> Ticket``
- ``ticket_reply(*, ticket, author, body, uploads=(), internal=False, then_status="")
  -> TicketMessage``: ``then_status`` (agents) sets the status in the same transaction;
  ``author`` is an agent (``accounts.roles.is_agent``), a customer user, or ``None`` for a
  customer using the secret link. An agent's first public reply sets ``first_response_at``.
- ``ticket_assign(*, ticket, assignee, by)`` (``assignee=None`` unassigns)
- ``ticket_set_status(*, ticket, status, by)``: only ``ALLOWED_TRANSITIONS``
- ``ticket_set_priority(*, ticket, priority, by)`` / ``ticket_set_category(*, ticket,
  category, by)``: both recompute the SLA targets
- ``ticket_merge(*, source, target, by)``: same customer e-mail only; moves the thread
- ``ticket_rate(*, ticket, score, comment="")``, ``ticket_rotate_portal_link(*, ticket, by)``
- ``tickets_close_solved(*, now=None) -> int``: the beat task closing requests solved long ago
Reads: ``tickets.selectors`` (``sla_state(ticket)``, ``ticket_thread(ticket, viewer_is_agent)``,
…); access checks: ``tickets.access`` (``ticket_get_for(user, reference)``,
``ticket_get_by_token(token)``, ``attachment_get_for(ticket, attachment_id, staff=...)``).
Card numbers in a message are masked before it is stored (``core.cards``); the returned
ticket (first message) or message then has ``card_number_hidden = True`` for the caller to
tell the customer.
``uploads`` are Django ``UploadedFile`` objects or ``attachments.CleanUpload`` values.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.roles import is_agent
from core import uploads as attachments
from core.cards import mask_card_numbers
from core.db import ReservedIds, insert_in_one_statement, made
from core.models import Topic
from core.new_rows import new_row
from tickets import live, notifications, signals, sla
from tickets.models import (
    Attachment,
    Notification,
    SatisfactionRating,
    Ticket,
    TicketEvent,
    TicketMessage,
    _new_portal_key,
)
from tickets.services import collisions, topic_fields
from tickets.services.security import paging_security_reports

Status = Ticket.Status

# Which status a ticket may move to from each status. Closed is final: a customer who writes
# again opens a new request (the portal offers that).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING_CUSTOMER, Status.SOLVED, Status.CLOSED}),
    Status.OPEN: frozenset({Status.PENDING_CUSTOMER, Status.SOLVED, Status.CLOSED}),
    Status.PENDING_CUSTOMER: frozenset({Status.OPEN, Status.SOLVED, Status.CLOSED}),
    Status.SOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}

MAX_UPLOADS_PER_MESSAGE = attachments.MAX_FILES


def _event_row(
    ticket: Ticket,
    kind: str,
    by: Any,
    old: object = "",
    new: object = "",
    *,
    tell_inboxes: bool = True,
) -> TicketEvent:
    """Every change of a ticket is recorded here, so this is also where the staff inboxes
    are told (once per transaction, after it commits). ``tell_inboxes=False``: the caller
    tells them once the row is written (outside a transaction "on commit" is at once, before
    the INSERT it would announce)."""
    if tell_inboxes:
        live.inbox_changed_on_commit()
    return new_row(
        TicketEvent,
        ticket=ticket,
        actor=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        old_value=str(old)[:200],
        new_value=str(new)[:200],
    )


def _event(ticket: Ticket, kind: str, by: Any, old: object = "", new: object = "") -> None:
    _event_row(ticket, kind, by, old, new).save(force_insert=True)


_ticket_ids = ReservedIds(Ticket)
# The first message's id is known before the INSERT too, so a row written with the request can
# record it (``rows_with``). Replies take theirs later from the same sequence, so a thread's first
# message keeps the lowest id.
_message_ids = ReservedIds(TicketMessage)


def _reference(ticket: Ticket) -> str:
    year = timezone.localtime(ticket.created_at).year
    return f"HC-{year}-{ticket.pk:06d}"


def _clean_uploads(uploads: Iterable[Any]) -> list[attachments.CleanUpload]:
    cleaned = [
        u if isinstance(u, attachments.CleanUpload) else attachments.clean_upload(u)
        for u in uploads
    ]
    if len(cleaned) > MAX_UPLOADS_PER_MESSAGE:
        raise ValidationError(
            _("Attach at most %(count)d files.") % {"count": MAX_UPLOADS_PER_MESSAGE}
        )
    return cleaned


@paging_security_reports
def ticket_create(
    *,
    category: Topic,
    subject: str,
    description: str,
    email: str,
    name: str,
    language: str,
    customer: AbstractBaseUser | None = None,
    transaction_number: str = "",
    error_message: str = "",
    uploads: Iterable[Any] = (),
    source: str = Ticket.Source.WEB,
    opened_by: AbstractBaseUser | None = None,
    details: dict[str, object] | None = None,
    confirm: bool = True,
    rows_with: Callable[[Ticket], Iterable[Any]] | None = None,
) -> Ticket:
    """Open a request with its first (customer) message and attachments, set its priority and
    SLA targets from the category, record the event and queue the confirmation e-mail (with
    the portal link) to ``email``. Raises ValidationError for a refused attachment.

    ``opened_by``: an agent writing down a request that came by phone or a social network
    (``source``); the event names them and no confirmation is e-mailed
    (``ticket_open_for_customer`` sends the agent's first message instead; with an empty
    ``description`` the request has no customer message yet: the agent writes first by
    e-mail). ``confirm=False``:
    no confirmation either (the e-mail channel's loop guard).

    ``details``: the answers to the topic's own questions (``TopicField`` key → text),
    checked by ``topic_fields.details_clean`` (ValidationError keyed by field); None where
    nobody was asked them (e-mail, chat, agents).

    ``rows_with(ticket)``: more unsaved rows the caller wants written with the new request
    (its id set), in the same statement or transaction: the request form's
    ``signals.submitted_rows`` (the event log's "request started" row, which needs the HTTP
    request to name the visitor). Models without ``save()`` overrides or ``post_save``
    receivers only (``core.db.insert_in_one_statement``). A row may be a callable making it
    once the request's own rows have their final values (and ids), written or not: a record
    of them, such as the API's answer stored for retries (``api.idempotency``)."""
    clean = _clean_uploads(uploads)

    def _rows_with(ticket: Ticket) -> list[Any]:
        return [] if rows_with is None else list(rows_with(ticket))

    answers = {} if details is None else topic_fields.details_clean(topic=category, values=details)
    priority = Ticket.Priority.URGENT if category.is_security else category.default_priority
    one_statement = (
        _ticket_ids.available() and not clean and opened_by is None and confirm
    ) and not signals.rows_wanted()
    # A guest's confirmed account is looked up in the one statement (``_insert_guest_request``).
    lookup = (
        account_selectors.verified_customer_id_lookup(email)
        if one_statement and not getattr(customer, "is_authenticated", False)
        else None
    )
    ticket = new_row(
        Ticket,
        id=_ticket_ids.take(),
        category=category,
        priority=priority,
        subject=mask_card_numbers(subject.strip())[0],
        customer_email=email.strip(),
        customer_name=name.strip(),
        language=Ticket.Language.EN if language.startswith("en") else Ticket.Language.ZH_HANS,
        customer=None if lookup else account_selectors.account_for(customer, email),
        transaction_number=transaction_number.strip(),
        error_message=error_message.strip(),
        details=answers,
        source=source,
        created_at=timezone.now(),
    )
    # Card numbers are masked once: the first message and the inbox preview store the same text.
    description, ticket.card_number_hidden = mask_card_numbers(description.strip())
    _note_last_message(ticket, description, at=ticket.created_at, by_customer=True)
    sla.apply_targets(ticket, start=ticket.created_at)
    if one_statement:
        # The common web request on PostgreSQL: the id came from the sequence, so all four
        # rows go in one statement (its own transaction in autocommit), one round trip.
        ticket.reference = _reference(ticket)
        rows = _first_rows(ticket, description, tell_inboxes=False)
        rows[0].id = _message_ids.take()
        _keep_thread(ticket, rows[0])
        everything = (ticket, *rows, *signals.created_rows(ticket), *_rows_with(ticket))
        if lookup:
            _insert_guest_request(everything, lookup)
        else:
            insert_in_one_statement(*everything)
        live.inbox_changed_on_commit()
        notifications.enqueue_on_commit([rows[-1].pk])
        signals.announce_created(ticket)
        return ticket
    with transaction.atomic():
        if ticket.id is not None:
            ticket.reference = _reference(ticket)
            ticket.save(force_insert=True)
        else:
            # A unique placeholder; the real reference needs the primary key (set just below).
            ticket.reference = f"new-{_new_portal_key()}"
            ticket.save(force_insert=True)
            ticket.reference = _reference(ticket)
            ticket.save(update_fields=["reference"])
        message, event, notification = _first_rows(ticket, description, opened_by=opened_by)
        if description or opened_by is None:
            # An agent's outbound e-mail may start with the agent's message alone.
            message.save(force_insert=True)
            attachments.store(message, clean, model=Attachment)
        event.save(force_insert=True)
        for row in [*signals.created_rows(ticket), *_rows_with(ticket)]:
            made(row).save(force_insert=True)
        signals.announce_created(ticket)
        if opened_by is None and confirm:
            notifications.queue(notification)
    return ticket


def _insert_guest_request(rows: tuple[Any, ...], lookup: tuple[str, list[object]]) -> None:
    """A guest's new request (``rows``: the ticket, then ``_first_rows``' message, event and
    e-mail, then any others, built with no customer) in one statement that also finds the
    account whose confirmed address the request came from (``verified_customer_id_lookup``)
    and links it where ``account_for`` would have: the ticket's customer, the first message's
    author, the "created" event's actor and the e-mail's recipient. The plain way is
    ``account_for`` before building the rows; ``tests/core/test_create_guest_account_lookup.py``
    holds the two equal, with and without such an account. The account itself is read only
    if someone asks for it (``ticket.customer``)."""
    insert_in_one_statement(
        *rows,
        lookup=lookup,
        from_lookup={0: {"customer_id"}, 1: {"author_id"}, 2: {"actor_id"}, 3: {"recipient_id"}},
    )


def _keep_thread(ticket: Ticket, message: TicketMessage) -> None:
    """The new request's thread as ``selectors.ticket_thread`` would read it back (its one
    message, without attachments), for ``selectors.ticket_thread_new``: no query."""
    none = Attachment.objects.none()
    none._result_cache = []  # evaluated: iterating it compiles no SQL
    message._prefetched_objects_cache = {"attachments": none}
    ticket.created_thread = [message]


def _first_rows(
    ticket: Ticket,
    description: str,
    *,
    opened_by: AbstractBaseUser | None = None,
    tell_inboxes: bool = True,
) -> tuple[TicketMessage, TicketEvent, Notification]:
    """A new ticket's first message (``description`` already masked), its "created" event (by
    the customer, or the agent who opened it for them) and its confirmation e-mail (unsaved;
    the ticket has its id and reference). ``tell_inboxes``: as ``_event_row``'s."""
    message = new_row(
        TicketMessage,
        ticket=ticket,
        author=ticket.customer,
        author_kind=TicketMessage.AuthorKind.CUSTOMER,
        body=description,
    )
    event = _event_row(
        ticket,
        TicketEvent.Kind.CREATED,
        opened_by or ticket.customer,
        new=ticket.reference,
        tell_inboxes=tell_inboxes,
    )
    return message, event, notifications.customer_row(ticket, Notification.Kind.CREATED)


PREVIEW_LENGTH = 160


def _note_last_message(ticket: Ticket, body: str, *, at: dt.datetime, by_customer: bool) -> None:
    """The inbox row's latest public entry (in memory; the caller saves): one line of text."""
    ticket.last_message_at = at
    ticket.last_message_preview = " ".join(body.split())[:PREVIEW_LENGTH]
    ticket.last_message_by_customer = by_customer


def _author_kind(ticket: Ticket, author: Any) -> str:
    if author is not None and is_agent(author):
        return TicketMessage.AuthorKind.AGENT
    if author is not None and author.is_authenticated and author.pk != ticket.customer_id:
        # Access functions stop this earlier; the service refuses it too.
        raise ValidationError(_("You cannot reply to this request."))
    return TicketMessage.AuthorKind.CUSTOMER


@transaction.atomic
def ticket_reply(
    *,
    ticket: Ticket,
    author: AbstractBaseUser | None,
    body: str,
    uploads: Iterable[Any] = (),
    internal: bool = False,
    then_status: str = "",
    seen_up_to: int | None = None,
) -> TicketMessage:
    """Add a public reply or (agents only) an internal note with attachments, and (agents
    only) move the ticket to ``then_status`` in the same transaction ("send and set status":
    a refused status keeps the reply unsent too).

    ``seen_up_to``: the last message id the agent saw; a public reply is refused with
    ``collisions.ReplyCollision`` when someone else replied publicly after it.

    An agent's public reply sets ``first_response_at`` once, moves a new ticket to open,
    assigns an unassigned ticket to the replier (whoever answered owns the follow-up) and
    e-mails the customer. A customer's reply reopens a ticket that waited for them or was
    solved. Closed or merged tickets take no replies."""
    # With its topic: the webhook outbox names it (one query less per reply).
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("category").get(pk=ticket.pk)
    )
    if ticket.status == Status.CLOSED or ticket.merged_into_id:
        raise ValidationError(_("This request is closed. Please submit a new request."))
    if not body.strip():
        raise ValidationError(_("Write a message."))
    kind = _author_kind(ticket, author)
    if internal and kind != TicketMessage.AuthorKind.AGENT:
        raise ValidationError(_("Only agents can write internal notes."))
    if not internal:
        collisions.check_seen(ticket=ticket, author=author, seen_up_to=seen_up_to)
    clean = _clean_uploads(uploads)
    body, card_number_hidden = mask_card_numbers(body.strip())
    message = TicketMessage.objects.create(
        ticket=ticket,
        author=author if getattr(author, "is_authenticated", False) else None,
        author_kind=kind,
        internal=internal,
        body=body,
    )
    message.card_number_hidden = card_number_hidden
    attachments.store(message, clean, model=Attachment)
    _event(
        ticket, TicketEvent.Kind.NOTE if internal else TicketEvent.Kind.REPLIED, author, new=kind
    )
    if internal:
        if _then_status(ticket, then_status, author, kind):
            sla.refresh_next_check(ticket)
            ticket.save()
        return message
    signals.announce_message(ticket, message)
    now = timezone.now()
    _note_last_message(
        ticket, message.body, at=now, by_customer=kind == TicketMessage.AuthorKind.CUSTOMER
    )
    if kind == TicketMessage.AuthorKind.AGENT:
        if ticket.first_response_at is None:
            ticket.first_response_at = now
        if ticket.assignee_id is None:
            ticket.assignee = author
            _event(ticket, TicketEvent.Kind.ASSIGNED, author, new=author.get_username())
            signals.announce_change(ticket, "assignee", None, author.pk, by_id=author.pk)
        if ticket.status == Status.NEW:
            _change_status(ticket, Status.OPEN, author)
        notifications.queue_customer(ticket, Notification.Kind.AGENT_REPLY, message=message)
    elif ticket.status in (Status.PENDING_CUSTOMER, Status.SOLVED):
        _change_status(ticket, Status.OPEN, author)
    _then_status(ticket, then_status, author, kind)
    sla.refresh_next_check(ticket)
    ticket.save()
    return message


def _then_status(ticket: Ticket, status: str, by: Any, kind: str) -> bool:
    """The status an agent's reply or note moves the ticket to (nothing for "" or the
    current status); the caller saves."""
    if not status or status == ticket.status:
        return False
    if kind != TicketMessage.AuthorKind.AGENT:
        raise ValidationError(_("Only agents can set the status with a reply."))
    if status not in Status.values:
        raise ValidationError(_("Choose a valid status."))
    _change_status(ticket, status, by)
    return True


def _change_status(ticket: Ticket, status: str, by: Any) -> None:
    """Apply a status change in memory and record it; the caller saves."""
    if status not in ALLOWED_TRANSITIONS[ticket.status]:
        raise ValidationError(
            _("A request cannot go from “%(old)s” to “%(new)s”.")
            % {"old": ticket.get_status_display(), "new": Status(status).label}
        )
    old = ticket.status
    now = timezone.now()
    ticket.status = status
    if status == Status.SOLVED:
        ticket.solved_at = now
    elif status == Status.CLOSED:
        ticket.closed_at = now
    elif status == Status.OPEN:
        ticket.solved_at = None
    _event(ticket, TicketEvent.Kind.STATUS, by, old=old, new=status)
    signals.announce_status(ticket, old, status)
    if status == Status.SOLVED:
        notifications.queue_customer(ticket, Notification.Kind.SOLVED)
    elif status == Status.PENDING_CUSTOMER and not _just_answered(ticket, now):
        notifications.queue_customer(ticket, Notification.Kind.WAITING)


def _just_answered(ticket: Ticket, now: dt.datetime) -> bool:
    """An agent's reply e-mail queued a moment ago (the console's "reply, then wait for the
    customer") already asks the customer for an answer: no second e-mail."""
    return Notification.objects.filter(
        ticket=ticket,
        kind=Notification.Kind.AGENT_REPLY,
        created_at__gte=now - dt.timedelta(minutes=1),
    ).exists()


@transaction.atomic
def ticket_set_status(*, ticket: Ticket, status: str, by: AbstractBaseUser | None) -> Ticket:
    """Move the ticket to ``status`` if ``ALLOWED_TRANSITIONS`` permits it (else
    ValidationError); solving e-mails the customer with the rating links. ``by`` may be the
    customer (marking their request solved) or an agent."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status == status:
        return locked
    _change_status(locked, status, by)
    sla.refresh_next_check(locked)
    locked.save()
    return locked


AUTO_CLOSE_BATCH = 500


def tickets_close_solved(*, now: dt.datetime | None = None) -> int:
    """Close requests solved more than ``TICKETS_AUTO_CLOSE_DAYS`` ago that nobody reopened
    (a customer's reply reopens a solved request; a closed one is final, so a later message
    starts a new request). Batches of ``AUTO_CLOSE_BATCH``, each its own transaction, rows
    another transaction holds are left for the next run; each gets a status event without an
    actor (the system). Returns how many were closed."""
    days = settings.TICKETS_AUTO_CLOSE_DAYS
    if days <= 0:
        return 0
    now = now or timezone.now()
    closed = 0
    while True:
        with transaction.atomic():
            batch = list(
                Ticket.objects.select_for_update(skip_locked=True)
                .filter(status=Status.SOLVED, solved_at__lt=now - dt.timedelta(days=days))
                .order_by("solved_at", "id")[:AUTO_CLOSE_BATCH]
            )
            for ticket in batch:
                _change_status(ticket, Status.CLOSED, None)
                sla.refresh_next_check(ticket)
                ticket.updated_at = now
            Ticket.objects.bulk_update(
                batch, ["status", "closed_at", "sla_next_check_at", "sla_due_at", "updated_at"]
            )
        closed += len(batch)
        if len(batch) < AUTO_CLOSE_BATCH:
            return closed


@transaction.atomic
def ticket_assign(
    *, ticket: Ticket, assignee: AbstractBaseUser | None, by: AbstractBaseUser | None
) -> Ticket:
    """Assign (or with ``None`` unassign) the ticket to an agent; a new ticket becomes open.
    The assignee gets an e-mail unless they assigned it to themselves."""
    if assignee is not None and not is_agent(assignee):
        raise ValidationError(_("Requests can only be assigned to agents."))
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.assignee_id == (assignee.pk if assignee else None):
        return locked
    old = locked.assignee
    locked.assignee = assignee
    _event(
        locked,
        TicketEvent.Kind.ASSIGNED,
        by,
        old=old.get_username() if old else "",
        new=assignee.get_username() if assignee else "",
    )
    signals.announce_change(
        locked, "assignee", old and old.pk, assignee and assignee.pk, by_id=getattr(by, "pk", None)
    )
    if assignee is not None and locked.status == Status.NEW:
        _change_status(locked, Status.OPEN, by)
    locked.save()
    if assignee is not None and assignee.pk != getattr(by, "pk", None) and assignee.email:
        notifications.queue_agent(locked, Notification.Kind.ASSIGNED, agent=assignee)
    return locked


@transaction.atomic
def ticket_set_priority(*, ticket: Ticket, priority: str, by: AbstractBaseUser | None) -> Ticket:
    """Change the priority and recompute the SLA targets from the ticket's creation time."""
    if priority not in Ticket.Priority.values:
        raise ValidationError(_("Unknown priority."))
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.priority == priority:
        return locked
    _event(locked, TicketEvent.Kind.PRIORITY, by, old=locked.priority, new=priority)
    signals.announce_change(locked, "priority", locked.priority, priority)
    locked.priority = priority
    sla.apply_targets(locked, start=locked.created_at)
    locked.save()
    return locked


@transaction.atomic
def ticket_set_category(*, ticket: Ticket, category: Topic, by: AbstractBaseUser | None) -> Ticket:
    """Move the ticket to another category and recompute its SLA targets."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.category_id == category.pk:
        return locked
    _event(locked, TicketEvent.Kind.CATEGORY, by, old=locked.category.slug, new=category.slug)
    signals.announce_change(locked, "topic", locked.category.slug, category.slug)
    locked.category = category
    sla.apply_targets(locked, start=locked.created_at)
    locked.save()
    return locked


@transaction.atomic
def ticket_merge(*, source: Ticket, target: Ticket, by: AbstractBaseUser | None) -> Ticket:
    """Merge a duplicate into ``target``: the source's messages (and their attachments) move
    to the target, the source is closed with ``merged_into`` set, and both record the event.
    Only tickets of the same customer e-mail can be merged, so no one gains access to
    another customer's thread. Returns the target."""
    if source.pk == target.pk:
        raise ValidationError(_("A request cannot be merged into itself."))
    locked = {
        t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.customer_email.lower() != target.customer_email.lower():
        raise ValidationError(_("Only requests from the same customer can be merged."))
    if source.merged_into_id or target.merged_into_id or target.status == Status.CLOSED:
        raise ValidationError(_("These requests cannot be merged."))
    TicketMessage.objects.filter(ticket=source).update(ticket=target)
    TicketMessage.objects.create(
        ticket=target,
        author=by,
        author_kind=TicketMessage.AuthorKind.SYSTEM,
        internal=True,
        body=_("Merged from %(reference)s: %(subject)s")
        % {"reference": source.reference, "subject": source.subject},
    )
    if source.last_message_at and (
        target.last_message_at is None or source.last_message_at > target.last_message_at
    ):
        _note_last_message(
            target,
            source.last_message_preview,
            at=source.last_message_at,
            by_customer=source.last_message_by_customer,
        )
        target.save(
            update_fields=["last_message_at", "last_message_preview", "last_message_by_customer"]
        )
    old_status = source.status
    source.merged_into = target
    source.status = Status.CLOSED
    source.closed_at = timezone.now()
    sla.refresh_next_check(source)
    source.save()
    _event(source, TicketEvent.Kind.STATUS, by, old=old_status, new=Status.CLOSED)
    _event(source, TicketEvent.Kind.MERGED, by, new=target.reference)
    _event(target, TicketEvent.Kind.MERGED, by, old=source.reference)
    return target


@transaction.atomic
def ticket_rate(*, ticket: Ticket, score: int, comment: str = "") -> SatisfactionRating:
    """Record (or change) the customer's 1-5 rating of a solved or closed request."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in (Status.SOLVED, Status.CLOSED):
        raise ValidationError(_("You can rate a request once it is solved."))
    if not 1 <= score <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."))
    rating, _created = SatisfactionRating.objects.update_or_create(
        ticket=ticket, defaults={"score": score, "comment": comment.strip()}
    )
    _event(ticket, TicketEvent.Kind.RATED, None, new=score)
    signals.announce(ticket, signals.TICKET_RATED, score=score)
    return rating


@transaction.atomic
def ticket_rotate_portal_link(*, ticket: Ticket, by: AbstractBaseUser | None) -> Ticket:
    """Replace the secret portal link: every link sent so far stops working, and the new one
    is e-mailed to the customer's address."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    locked.portal_key = _new_portal_key()
    locked.save(update_fields=["portal_key", "updated_at"])
    _event(locked, TicketEvent.Kind.LINK_ROTATED, by)
    notifications.queue_customer(locked, Notification.Kind.PORTAL_LINK)
    return locked


def tickets_claim_by_email(*, customer: AbstractBaseUser, email: str) -> int:
    """Put the guest requests sent with ``email`` (any case) under ``customer``'s account; the
    caller has confirmed that the address is theirs. The number of requests claimed."""
    guests = Ticket.objects.filter(customer__isnull=True, customer_email__iexact=email)
    return guests.update(customer=customer, updated_at=timezone.now())
