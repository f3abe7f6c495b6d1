"""Reads of the account security desk: the customer's wallet account, the audit log."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts import selectors as account_selectors
from core.models import AuditEntry
from wallet.adapter import WalletCustomer, wallet
from wallet.models import AccountFreeze, ClosureRequest, FreezeRequest, Verification


def wallet_customer_for(*, email: str, customer_id: int | None = None) -> WalletCustomer | None:
    """The wallet account of a help-center customer: the one place that decides which.

    A customer who signed in from the wallet app (``customer_id`` has a
    ``accounts.WalletIdentity``) by their wallet user id, which the wallet signed; anyone else
    by the conversation's e-mail address (the wallet's verified e-mail). Raises
    ``WalletUnavailable``."""
    identity = account_selectors.wallet_user_for(customer_id) if customer_id else None
    if identity is not None:
        return wallet().customer(wallet_user_id=identity.wallet_user_id, email=email)
    if not email:
        return None
    return wallet().customer(email=email)


def signed_in_from_wallet(customer_id: int | None) -> bool:
    """Whether the customer came signed in from the wallet app (exchanged an identity the
    wallet signed, docs/api.md): the wallet vouched for them, so they count as verified."""
    return bool(customer_id) and account_selectors.wallet_user_for(customer_id) is not None


def audit_entries(*, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """Audit rows matching a cleaned ``AuditFilterForm``, newest first. Dates are days in the
    site's time zone, both included."""
    entries = AuditEntry.objects.all()
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("actor"):
        entries = entries.filter(actor_id=filters["actor"])
    if filters.get("customer"):
        entries = entries.filter(customer_id=filters["customer"])
    if filters.get("object_id"):
        entries = entries.filter(object_id=filters["object_id"])
    if filters.get("since"):
        entries = entries.filter(created_at__gte=_start_of(filters["since"]))
    if filters.get("until"):
        entries = entries.filter(created_at__lt=_start_of(filters["until"] + dt.timedelta(days=1)))
    return entries


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class CustomerState:
    """What the customer sees of the security desk on their ticket: whether their account was
    frozen from this conversation (and not unfrozen since), and whether a code awaits them."""

    frozen_at: dt.datetime | None
    code_pending: bool
    verified: bool
    closure: ClosureRequest | None = None  # an open closure request (to confirm or cancel)
    freeze_requested_at: dt.datetime | None = None  # their "freeze my account", awaiting an agent
    offer_freeze: bool = False  # show "Freeze my wallet account" (a security report, not frozen)


def customer_state(
    *, kind: str, conversation_id: int, security_report: bool = False
) -> CustomerState:
    """Read from the help center's own rows (no wallet call on a customer page). On a
    ``security_report`` the customer is offered to ask for a freeze."""
    freeze = AccountFreeze.objects.filter(
        kind=kind, conversation_id=conversation_id, unfrozen_at__isnull=True
    ).first()
    verification = Verification.objects.filter(kind=kind, conversation_id=conversation_id).first()
    requested = FreezeRequest.objects.filter(
        kind=kind, conversation_id=conversation_id, status=FreezeRequest.Status.PENDING
    ).first()
    return CustomerState(
        frozen_at=freeze.frozen_at if freeze else None,
        code_pending=bool(
            verification
            and not verification.is_verified
            and verification.code_hash
            and verification.tries_left > 0
            and verification.code_expires_at
            and verification.code_expires_at > timezone.now()
        ),
        verified=bool(verification and verification.is_verified),
        closure=ClosureRequest.objects.filter(
            kind=kind, conversation_id=conversation_id, status__in=["requested", "confirmed"]
        ).first(),
        freeze_requested_at=requested.requested_at if requested else None,
        offer_freeze=security_report and freeze is None and requested is None,
    )
