"""Live chat: conversations, their messages and files, agent presence and the widget's allowed
origins."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import StoredFile, TimeStamped

DEFAULT_AGENT_CAPACITY = 3


def new_customer_key() -> str:
    """A fresh secret for a conversation's customer token (chat.access)."""
    return secrets.token_urlsafe(32)


class Conversation(TimeStamped):
    """One chat between a customer and (at most one at a time) agent.

    ``last_seq`` is the seq of the newest message; it is bumped under a row lock so every
    message gets the next number with no gaps. ``customer_read_seq``/``agent_read_seq`` are the
    read receipts: one number per side, never a row per keystroke.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    topic = models.ForeignKey(
        "core.Topic",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversations",
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chat_conversations",
    )
    customer_name = models.CharField(_("customer name"), max_length=80)
    customer_email = models.EmailField(_("customer e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    page_url = models.CharField(_("page they came from"), max_length=500, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chat_assignments",
    )
    last_seq = models.PositiveIntegerField(_("last sequence number"), default=0)
    customer_read_seq = models.PositiveIntegerField(_("read by the customer up to"), default=0)
    agent_read_seq = models.PositiveIntegerField(_("read by the agent up to"), default=0)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rating_score = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    ticket_reference = models.CharField(_("ticket"), max_length=40, blank=True)

    class ClosedBy(models.TextChoices):
        CUSTOMER = "customer", _("The customer ended it")
        AGENT = "agent", _("An agent closed it")
        ABANDONED = "abandoned", _("The customer left the queue")

    closed_by = models.CharField(
        _("how it ended"), max_length=10, choices=ClosedBy.choices, blank=True
    )
    # When the customer's socket closed while the chat waited in the queue; cleared when it
    # comes back. The sweep takes chats abandoned for CHAT_ABANDON_SECONDS out of the queue.
    customer_left_at = models.DateTimeField(
        _("customer left at"), null=True, blank=True, editable=False
    )
    # The agent who let the chat go unanswered (CHAT_FIRST_REPLY_SECONDS): routing offers it
    # to someone else first.
    passed_over = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("not answered by"),
        editable=False,
    )
    # In every customer token (chat.access); a new key ends every token issued before it.
    customer_key = models.CharField(
        _("customer token key"), max_length=64, default=new_customer_key, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            # The queue (oldest first) and the agent's active chats / load count.
            models.Index(fields=["status", "queued_at"], name="chat_conv_queue_idx"),
            models.Index(fields=["agent", "status"], name="chat_conv_agent_idx"),
            # The staff inbox's "recently solved": closed chats, newest first.
            models.Index(
                fields=["-closed_at"],
                condition=Q(status="closed"),
                name="chat_conv_closed_idx",
            ),
            # Previous chats of the same customer, for the agent's context panel.
            models.Index(fields=["customer", "-created_at"], name="chat_conv_customer_idx"),
            models.Index(fields=["customer_email", "-created_at"], name="chat_conv_email_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="waiting", agent__isnull=True)
                | Q(status="active", agent__isnull=False)
                | Q(status="closed"),
                name="chat_conv_agent_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(rating_score__isnull=True)
                | Q(rating_score__gte=1, rating_score__lte=5),
                name="chat_conv_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.customer_name}"


class Message(models.Model):
    """A stored chat message: written before it is acknowledged or shown to anyone."""

    class SenderKind(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        AGENT = "agent", _("Agent")
        SYSTEM = "system", _("System")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveIntegerField(_("sequence number"))
    # The sender's own id for the message; a resend with the same id is stored once.
    client_id = models.CharField(_("client id"), max_length=64, blank=True)
    sender_kind = models.CharField(_("sender"), max_length=10, choices=SenderKind.choices)
    # The agent who wrote it; a customer's messages belong to the conversation's customer.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A snapshot: the transcript keeps the name shown at the time.
    sender_name = models.CharField(_("sender name"), max_length=150, blank=True)
    body = models.TextField(_("body"), blank=True)
    # Set when the message was stored with files: readers load ChatAttachment rows only for
    # these, so a text message (the hot path) never costs a query for files it does not have.
    # db_default: an INSERT that does not name the column (raw SQL) stores a text message.
    has_attachments = models.BooleanField(_("has attachments"), default=False, db_default=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["conversation", "seq"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # Also the index for "messages after seq N" (resume).
            models.UniqueConstraint(fields=["conversation", "seq"], name="chat_msg_seq_unique"),
            models.UniqueConstraint(
                fields=["conversation", "client_id"],
                condition=~Q(client_id=""),
                name="chat_msg_client_id_unique",
            ),
            models.CheckConstraint(condition=Q(seq__gte=1), name="chat_msg_seq_positive"),
            # Only a message with files may have no text.
            models.CheckConstraint(
                condition=~Q(body="") | Q(has_attachments=True),
                name="chat_msg_body_or_files",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.conversation_id}.{self.seq}"


def _attachment_path(instance: "ChatAttachment", filename: str) -> str:
    # Random names, as for tickets: the original name is a column and never touches the disk.
    return f"chat/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class ChatAttachment(StoredFile):
    """A file sent in a chat message, checked like request attachments (core.uploads) and
    served only after the conversation's access check."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("chat attachment")
        verbose_name_plural = _("chat attachments")


class Transfer(models.Model):
    """A hand-over between agents, with the note the new agent reads first."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="transfers"
    )
    from_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    to_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("transferred at"), auto_now_add=True)

    class Meta:
        ordering = ["conversation", "created_at"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return f"#{self.conversation_id} transfer"


class AgentPresence(models.Model):
    """An agent's chat status and capacity. ``last_seen_at`` is the socket heartbeat: an online
    agent without one for the grace period is set away by the sweep."""

    class Status(models.TextChoices):
        ONLINE = "online", _("Online")
        AWAY = "away", _("Away")
        OFFLINE = "offline", _("Offline")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="chat_presence",
        verbose_name=_("agent"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFLINE
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=DEFAULT_AGENT_CAPACITY,
        help_text=_("How many chats this agent handles at once."),
    )
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    last_assigned_at = models.DateTimeField(_("last assigned"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent presence")
        verbose_name_plural = _("agent presence")
        indexes = [
            # The grace sweep: online agents whose heartbeat stopped.
            models.Index(fields=["status", "last_seen_at"], name="chat_presence_sweep_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="chat_presence_capacity_min"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.status})"


class WidgetOrigin(models.Model):
    """Another site of the company allowed to embed the chat widget (websocket Origin, CORS)."""

    origin = models.CharField(
        _("origin"),
        max_length=200,
        unique=True,
        help_text=_("Scheme, host and port, e.g. https://shop.example.com"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["origin"]
        verbose_name = _("widget origin")
        verbose_name_plural = _("widget origins")

    def __str__(self) -> str:
        return self.origin
