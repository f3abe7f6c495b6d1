"""API keys, stored idempotent responses and the signed identities already used."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class ApiKey(TimeStamped):
    """A server-to-server key: ``hck_<prefix>_<secret>``. Only the prefix (to find the row) and
    a SHA-256 of the whole key are stored; the key itself is shown once, when created."""

    class Scope(models.TextChoices):
        FAQ_READ = "faq:read", _("Read the knowledge base")
        TICKETS_CUSTOMER = "tickets:customer", _("Requests and chats on behalf of customers")
        STAFF = "staff", _("Staff: search and update every request")

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["prefix"], name="api_key_prefix_unique")]

    def __str__(self) -> str:
        return f"{self.name} (hck_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class IdempotentRequest(models.Model):
    """A POST made with an ``Idempotency-Key``, per credential (an API key, a customer): the
    hash of what was asked and, once answered, the response to replay to a retry."""

    credential = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.TextField(blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "key"], name="api_idempotency_key_unique"
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="api_idempotency_created")]

    def __str__(self) -> str:
        return f"{self.credential} {self.key}"


class UsedIdentity(models.Model):
    """The ``jti`` of a signed wallet identity already exchanged, kept until the identity
    expires: the unique constraint refuses the same identity a second time."""

    jti = models.CharField(max_length=128)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("used identity")
        verbose_name_plural = _("used identities")
        constraints = [models.UniqueConstraint(fields=["jti"], name="api_used_identity_jti")]
        indexes = [models.Index(fields=["expires_at"], name="api_used_identity_expiry")]

    def __str__(self) -> str:
        return self.jti
