"""Staff preferences, customer profiles and e-mail confirmations. A ticket or chat carries its
own language; a customer account's e-mails use the profile's."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


def new_verification_key() -> str:
    """A fresh secret for one confirmation link, signed into the link with the row's id."""
    return secrets.token_urlsafe(24)


class StaffPreference(models.Model):
    """The language of the e-mails a staff member gets (assignment notices, SLA reminders):
    the one they last used the console in (``accounts.decorators``), editable in admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="staff_preference",
        verbose_name=_("staff member"),
    )
    language = models.CharField(_("e-mail language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("staff preference")
        verbose_name_plural = _("staff preferences")

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"


class CustomerProfile(models.Model):
    """What a customer account needs beyond Django's user: the language of its e-mails (the
    site's language at sign-up) and when its e-mail address was confirmed. Until then, guest
    requests and chats sent with that address stay off the account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="customer_profile",
        verbose_name=_("customer"),
    )
    language = models.CharField(_("e-mail language"), max_length=10, choices=settings.LANGUAGES)
    email_verified_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer profile")
        verbose_name_plural = _("customer profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"


class EmailVerification(TimeStamped):
    """One e-mailed confirmation link for ``email`` (the sign-up address or a new one). The
    link is a signature of the row (``accounts.verification``); the row makes it single-use
    (``status``) and lets it expire (``created_at``). A newer link for the same account
    replaces the pending one, so only the latest address can be confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        USED = "used", _("Used")
        REPLACED = "replaced", _("Replaced")

    class Purpose(models.TextChoices):
        SIGNUP = "signup", _("Sign-up")
        CHANGE = "change", _("E-mail change")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_verifications",
        verbose_name=_("customer"),
        db_index=False,  # the partial unique constraint below starts with it
    )
    email = models.EmailField(_("e-mail"))
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    key = models.CharField(max_length=40, default=new_verification_key, editable=False)

    class Meta:
        verbose_name = _("e-mail confirmation")
        verbose_name_plural = _("e-mail confirmations")
        indexes = [models.Index(fields=["user", "-created_at"], name="acct_verif_user_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="acct_verif_one_pending_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"


class WalletIdentity(models.Model):
    """The wallet user behind a customer account, recorded the first time the wallet's signed
    identity is exchanged (api.services.identity). The wallet is the authority on its users, so
    an account with this row has a verified e-mail and is shown to agents as signed in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="wallet_identity",
        verbose_name=_("customer"),
    )
    wallet_user_id = models.CharField(_("wallet user id"), max_length=64)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    last_signed_in_at = models.DateTimeField(_("last signed in at"))

    class Meta:
        verbose_name = _("wallet identity")
        verbose_name_plural = _("wallet identities")
        constraints = [
            models.UniqueConstraint(fields=["wallet_user_id"], name="acct_wallet_user_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.wallet_user_id} ({self.user})"
