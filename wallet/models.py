"""The account security desk's rows: the demo wallet's accounts and transactions (used only by
``DemoWallet``), identity verifications per conversation, and the on-call list paged for
security reports outside business hours."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class DemoAccount(TimeStamped):
    """An account of the demo wallet (``WALLET_BACKEND`` = DemoWallet); the real wallet keeps
    its own."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RESTRICTED = "restricted", _("Restricted")
        CLOSED = "closed", _("Closed")

    class Level(models.TextChoices):
        NONE = "none", _("Not verified")
        BASIC = "basic", _("Basic")
        FULL = "full", _("Full")

    wallet_user_id = models.CharField(_("wallet user id"), max_length=64, unique=True)
    email = models.EmailField(_("verified e-mail"), unique=True)
    phone = models.CharField(_("verified phone"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    verification_level = models.CharField(
        _("verification level"), max_length=8, choices=Level.choices, default=Level.BASIC
    )
    frozen = models.BooleanField(_("frozen"), default=False)
    balance = models.DecimalField(_("balance"), max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")

    class Meta:
        verbose_name = _("demo wallet account")
        verbose_name_plural = _("demo wallet accounts")

    def __str__(self) -> str:
        return self.wallet_user_id


class DemoTransaction(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Processing")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Unsuccessful")
        REVERSED = "reversed", _("Reversed")

    account = models.ForeignKey(
        DemoAccount,
        on_delete=models.CASCADE,
        related_name="transactions",
        verbose_name=_("account"),
    )
    number = models.CharField(_("transaction number"), max_length=40, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("time"))
    counterparty = models.CharField(_("counterparty (masked)"), max_length=80)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("demo wallet transaction")
        verbose_name_plural = _("demo wallet transactions")
        indexes = [models.Index(fields=["account", "-created_at"], name="wallet_demo_tx_recent")]

    def __str__(self) -> str:
        return self.number


class Verification(models.Model):
    """Whether the customer of one conversation (a ticket or a chat) proved who they are.

    Conversations are named by (kind, id), not foreign keys: this app sits below tickets and
    chat. One row per conversation; a new request replaces the pending code. The code is kept
    only as a salted hash."""

    class Kind(models.TextChoices):
        TICKET = "ticket", _("Request")
        CHAT = "chat", _("Chat")

    class Method(models.TextChoices):
        SMS = "sms", _("Code sent to the registered phone")
        EMAIL = "email", _("Code sent to the registered e-mail")
        WALLET_APP = "wallet_app", _("Signed in from the wallet app")

    kind = models.CharField(_("conversation kind"), max_length=8, choices=Kind.choices)
    conversation_id = models.PositiveBigIntegerField(_("conversation id"))
    customer_id = models.PositiveBigIntegerField(_("customer (user id)"), null=True, blank=True)
    wallet_user_id = models.CharField(_("wallet user id"), max_length=64)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    code_hash = models.CharField(_("code (hashed)"), max_length=200, blank=True)
    code_expires_at = models.DateTimeField(_("code expires at"), null=True, blank=True)
    tries_left = models.PositiveSmallIntegerField(_("tries left"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity verification")
        verbose_name_plural = _("identity verifications")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "conversation_id"], name="wallet_verification_per_conversation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.conversation_id}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class AccountFreeze(models.Model):
    """A freeze the security desk applied to a wallet account, from one conversation, and its
    lifting. The wallet holds the account's real state; this row is what the help center did
    (and what the customer's ticket page shows)."""

    wallet_user_id = models.CharField(_("wallet user id"), max_length=64)
    kind = models.CharField(_("conversation kind"), max_length=8, choices=Verification.Kind.choices)
    conversation_id = models.PositiveBigIntegerField(_("conversation id"))
    customer_id = models.PositiveBigIntegerField(_("customer (user id)"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    frozen_at = models.DateTimeField(_("frozen at"))
    unfrozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unfrozen by"),
    )
    unfrozen_at = models.DateTimeField(_("unfrozen at"), null=True, blank=True)
    unfreeze_reason = models.CharField(_("reason for unfreezing"), max_length=300, blank=True)

    class Meta:
        ordering = ["-frozen_at"]
        verbose_name = _("account freeze")
        verbose_name_plural = _("account freezes")
        indexes = [
            models.Index(fields=["kind", "conversation_id"], name="wallet_freeze_conversation"),
            models.Index(fields=["wallet_user_id", "-frozen_at"], name="wallet_freeze_account"),
        ]

    def __str__(self) -> str:
        return f"{self.wallet_user_id} {self.frozen_at:%Y-%m-%d %H:%M}"


class OnCallContact(TimeStamped):
    """An address paged by e-mail when a security report arrives outside business hours."""

    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("e-mail"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("on-call contact")
        verbose_name_plural = _("on-call contacts")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class DeskSettings(models.Model):
    """The security desk's settings that admins change (one row, created on first read)."""

    closure_cooling_off_days = models.PositiveSmallIntegerField(
        _("cooling-off period for account closure (days)"),
        default=7,
        help_text=_(
            "After the customer confirms, an agent can close the account only when this many "
            "days have passed; the customer may cancel until then."
        ),
    )

    class Meta:
        verbose_name = _("security desk settings")
        verbose_name_plural = _("security desk settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="wallet_desksettings_single"),
        ]

    def __str__(self) -> str:
        return str(_("Security desk settings"))


class ClosureRequest(models.Model):
    """A structured request to close a wallet account, from one conversation: reasons, the
    balance when it was asked, the verified customer's confirmation, the cooling-off period,
    and the agent's final step."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting the customer's confirmation")
        CONFIRMED = "confirmed", _("Confirmed, cooling off")
        COMPLETED = "completed", _("Account closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Reason(models.TextChoices):
        NOT_USED = "not_used", _("No longer uses the wallet")
        SECURITY = "security", _("Security concerns")
        FEES = "fees", _("Fees")
        OTHER_SERVICE = "other_service", _("Moving to another service")
        OTHER = "other", _("Other")

    kind = models.CharField(_("conversation kind"), max_length=8, choices=Verification.Kind.choices)
    conversation_id = models.PositiveBigIntegerField(_("conversation id"))
    customer_id = models.PositiveBigIntegerField(_("customer (user id)"), null=True, blank=True)
    wallet_user_id = models.CharField(_("wallet user id"), max_length=64)
    reasons = models.JSONField(_("reasons"), default=list)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    balance = models.DecimalField(_("balance when requested"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cooling_off_until = models.DateTimeField(_("cooling off until"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    completed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("account closure request")
        verbose_name_plural = _("account closure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["wallet_user_id"],
                condition=models.Q(status__in=["requested", "confirmed"]),
                name="wallet_one_open_closure_per_account",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "conversation_id"], name="wallet_closure_conversation"),
        ]

    def __str__(self) -> str:
        return f"{self.wallet_user_id} {self.get_status_display()}"


class FreezeRequest(models.Model):
    """A customer's "freeze my account" from a conversation (the chat or their request page),
    waiting for an agent's one click. A customer signed in from the wallet app is frozen at once
    instead, and needs no row."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an agent")
        APPLIED = "applied", _("Account frozen")

    kind = models.CharField(_("conversation kind"), max_length=8, choices=Verification.Kind.choices)
    conversation_id = models.PositiveBigIntegerField(_("conversation id"))
    customer_id = models.PositiveBigIntegerField(_("customer (user id)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"))
    address = models.CharField(_("client address"), max_length=64, blank=True)
    applied_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("freeze request")
        verbose_name_plural = _("freeze requests")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "conversation_id"],
                condition=models.Q(status="pending"),
                name="wallet_one_pending_freeze_request",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "conversation_id"], name="wallet_freezereq_conversation"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.conversation_id} {self.get_status_display()}"
