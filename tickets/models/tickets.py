"""The request (ticket) itself, its audit trail and the customer's rating."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped, Topic


def _new_portal_key() -> str:
    return secrets.token_urlsafe(24)


class Ticket(TimeStamped):
    """A customer's request. ``reference`` (``HC-2026-000123``) is what people quote.

    SLA columns are denormalised so lists and the sweep are plain indexed queries:
    ``*_due_at`` are the targets, ``*_warn_at`` the 75 % marks, and ``sla_next_check_at`` the
    next moment the sweep must look at this ticket (null when nothing is pending).
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        PENDING_CUSTOMER = "pending_customer", _("Waiting for customer")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")

    Priority = Topic.Priority

    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        CHAT = "chat", _("Live chat")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        SOCIAL = "social", _("Social media")
        API = "api", _("App (API)")  # the wallet's app or backend, through the REST API

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", "简体中文"
        EN = "en", "English"

    # Statuses in which the team owes the customer something (SLA clocks run).
    ACTIVE_STATUSES = (Status.NEW, Status.OPEN)
    OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING_CUSTOMER)

    # Set by ticket_create rather than on insert, so the SLA targets computed before the one
    # INSERT count from exactly this moment.
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Unique through Meta.constraints: ``unique=True`` would add a second, LIKE-only index.
    reference = models.CharField(_("reference"), max_length=40)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    category = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("category")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
        db_index=False,  # ticket_assignee starts with it
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("customer account"),
        db_index=False,  # ticket_customer starts with it
    )
    customer_email = models.EmailField(_("e-mail"))
    customer_name = models.CharField(_("customer's name"), max_length=120)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    subject = models.CharField(_("subject"), max_length=200)
    transaction_number = models.CharField(_("transaction number"), max_length=64, blank=True)
    error_message = models.CharField(_("error message"), max_length=500, blank=True)
    # The answers to the topic's own questions (TopicField.key → text), checked by
    # tickets.services.topic_fields; shown with ticket_details_display.
    details = models.JSONField(_("details"), default=dict, db_default={}, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.WEB
    )
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_tickets",
        verbose_name=_("merged into"),
        db_index=False,  # ticket_merged_into, partial: almost every ticket has none
    )
    # Part of the signed portal link; replacing it invalidates every link sent so far.
    portal_key = models.CharField(
        _("portal key"), max_length=40, default=_new_portal_key, editable=False
    )
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    first_response_warn_at = models.DateTimeField(
        _("first response reminder at"), null=True, blank=True, editable=False
    )
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    resolution_warn_at = models.DateTimeField(
        _("resolution reminder at"), null=True, blank=True, editable=False
    )
    sla_next_check_at = models.DateTimeField(
        _("next SLA check at"), null=True, blank=True, editable=False
    )
    # The staff inbox's order and row, kept by the services that change them so that a list
    # of open tickets is one indexed read: the earliest running target (breached first,
    # then least time left; empty when no clock runs), and the thread's latest public entry.
    sla_due_at = models.DateTimeField(_("next SLA target"), null=True, blank=True, editable=False)
    last_message_at = models.DateTimeField(
        _("last message at"), null=True, blank=True, editable=False
    )
    last_message_preview = models.CharField(
        _("last message"), max_length=160, blank=True, default="", db_default="", editable=False
    )
    last_message_by_customer = models.BooleanField(
        _("last message from the customer"), default=True, db_default=True, editable=False
    )
    # When the assignee last opened the ticket: a customer message after it is unread.
    assignee_read_at = models.DateTimeField(
        _("read by the assignee at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["new", "open", "pending_customer", "solved", "closed"]
                ),
                name="ticket_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")),
                name="ticket_not_merged_into_itself",
            ),
            models.UniqueConstraint(fields=["reference"], name="ticket_reference_unique"),
        ]
        indexes = [
            # Console queues: by status (all open, unassigned) and by assignee (mine).
            models.Index(fields=["status", "-created_at"], name="ticket_status_created"),
            models.Index(fields=["assignee", "status", "-created_at"], name="ticket_assignee"),
            # The queues list open tickets oldest first across several statuses, which the
            # status-led index above cannot give in one order: these read only the rows shown.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status__in=["new", "open", "pending_customer"]),
                name="ticket_open_queue",
            ),
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(
                    status__in=["new", "open", "pending_customer"], assignee__isnull=True
                ),
                name="ticket_unassigned_queue",
            ),
            # Customer portal list and search by e-mail / transaction number.
            models.Index(fields=["customer", "-created_at"], name="ticket_customer"),
            models.Index(fields=["customer_email"], name="ticket_email"),
            models.Index(fields=["transaction_number"], name="ticket_txn"),
            # The SLA sweep: only tickets with something pending are in this partial index.
            models.Index(
                fields=["sla_next_check_at"],
                condition=models.Q(sla_next_check_at__isnull=False),
                name="ticket_sla_next_check",
            ),
            # "SLA at risk" / "breached" console lists.
            models.Index(
                fields=["first_response_due_at"],
                condition=models.Q(first_response_at__isnull=True, status__in=["new", "open"]),
                name="ticket_fr_due_open",
            ),
            models.Index(
                fields=["resolution_due_at"],
                condition=models.Q(status__in=["new", "open"]),
                name="ticket_res_due_open",
            ),
            # The staff inbox: open work by the next SLA target, then the rest by age.
            models.Index(
                fields=["sla_due_at", "created_at", "id"],
                condition=models.Q(status__in=["new", "open", "pending_customer"]),
                name="ticket_inbox_due",
            ),
            # The staff inbox's "waiting for the customer": the longest wait first (without
            # it, PostgreSQL sorted every pending ticket for each page: 18 ms at 100,000).
            models.Index(
                fields=["last_message_at", "id"],
                condition=models.Q(status="pending_customer"),
                name="ticket_inbox_pending",
            ),
            # Solved requests waiting to be closed automatically (tickets_close_solved).
            models.Index(
                fields=["solved_at"],
                condition=models.Q(status="solved"),
                name="ticket_solved_waiting",
            ),
            # Foreign keys that are mostly empty: partial, so a new ticket skips them.
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="ticket_merged_into",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class TicketEvent(models.Model):
    """An audit entry: who changed what on a ticket, from which value to which, and when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        STATUS = "status", _("Status changed")
        PRIORITY = "priority", _("Priority changed")
        CATEGORY = "category", _("Category changed")
        ASSIGNED = "assigned", _("Assigned")
        REPLIED = "replied", _("Replied")
        NOTE = "note", _("Internal note")
        MERGED = "merged", _("Merged")
        RATED = "rated", _("Rated")
        LINK_ROTATED = "link_rotated", _("Secret link replaced")
        SLA_WARNING = "sla_warning", _("SLA reminder")
        SLA_BREACH = "sla_breach", _("SLA breached")
        CONTACT_EMAIL = "contact_email", _("Contact e-mail changed")

    # Indexed in Meta: ticketevent_ticket starts with the ticket; the actor's is partial.
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        db_index=False,
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    old_value = models.CharField(_("from"), max_length=200, blank=True)
    new_value = models.CharField(_("to"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="ticketevent_ticket"),
            models.Index(
                fields=["actor"], condition=models.Q(actor__isnull=False), name="ticketevent_actor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"


class SatisfactionRating(TimeStamped):
    """The customer's 1-5 rating of a solved request; one per ticket, changeable."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="rating", verbose_name=_("request")
    )
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}"
