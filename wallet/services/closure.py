"""Closing a wallet account, as a structured request: an agent records the reasons for a
verified customer after the wallet reports a zero balance; the customer confirms; after the
cooling-off period set in admin (``DeskSettings``) an agent takes the final step, which closes
the account in the wallet. Either side may cancel before that. Every step is audited and the
customer is told each step in their language."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import is_agent
from core.audit import Action, audit_record
from wallet.adapter import wallet
from wallet.conversations import ConversationRef, tell_customer
from wallet.models import ClosureRequest, DeskSettings
from wallet.services.verification import SecurityDeskError, customer_account, require_verified

Status = ClosureRequest.Status
OPEN = (Status.REQUESTED, Status.CONFIRMED)

REQUESTED_NOTE = gettext_noop(
    "We have recorded your request to close your wallet account. Please confirm it on this "
    "request's page; you can still cancel it there."
)
CONFIRMED_NOTE = gettext_noop(
    "You confirmed closing your wallet account. It will be closed after %(days)d days; you can "
    "cancel until then."
)
COMPLETED_NOTE = gettext_noop("Your wallet account is closed. Thank you for using our wallet.")
CANCELLED_NOTE = gettext_noop("The request to close your wallet account is cancelled.")


def desk_settings() -> DeskSettings:
    return DeskSettings.objects.get_or_create(id=1)[0]


def closure_for(ref: ConversationRef) -> ClosureRequest | None:
    """The conversation's latest closure request, if any."""
    return ClosureRequest.objects.filter(kind=ref.kind, conversation_id=ref.conversation_id).first()


def _open_closure(ref: ConversationRef) -> ClosureRequest:
    closure = (
        ClosureRequest.objects.select_for_update()
        .filter(kind=ref.kind, conversation_id=ref.conversation_id, status__in=OPEN)
        .first()
    )
    if closure is None:
        raise SecurityDeskError(_("There is no open closure request in this conversation."))
    return closure


def _audit(action: str, ref: ConversationRef, by: Any, request: Any, **detail: Any) -> None:
    audit_record(
        action=action,
        actor=by,
        request=request,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
        detail=detail,
    )


@transaction.atomic
def closure_request(
    *,
    ref: ConversationRef,
    by: Any,
    reasons: Sequence[str],
    comment: str = "",
    request: Any = None,
) -> ClosureRequest:
    """Record a closure request for the verified customer of this conversation. Refused
    (SecurityDeskError) unless verified, with a reason, with no other open request for the
    account and a zero balance reported by the wallet. Raises WalletUnavailable."""
    if not is_agent(by):
        raise SecurityDeskError(_("Only agents can record a closure request."))
    require_verified(ref)
    reasons = [r for r in reasons if r in ClosureRequest.Reason.values]
    if not reasons:
        raise SecurityDeskError(_("Choose at least one reason."))
    account = customer_account(ref)
    if account.balance != 0:
        raise SecurityDeskError(
            _(
                "The account still holds %(balance)s %(currency)s. The customer must withdraw "
                "it before the account can be closed."
            )
            % {"balance": account.balance, "currency": account.currency}
        )
    if ClosureRequest.objects.filter(
        wallet_user_id=account.wallet_user_id, status__in=OPEN
    ).exists():
        raise SecurityDeskError(_("This account already has an open closure request."))
    closure = ClosureRequest.objects.create(
        kind=ref.kind,
        conversation_id=ref.conversation_id,
        customer_id=ref.customer_id,
        wallet_user_id=account.wallet_user_id,
        reasons=reasons,
        comment=" ".join(comment.split())[:500],
        balance=account.balance,
        currency=account.currency,
        requested_by=by,
        requested_at=timezone.now(),
    )
    _audit(Action.CLOSURE_REQUESTED, ref, by, request, reasons=reasons)
    tell_customer(ref, REQUESTED_NOTE, by=by)
    return closure


@transaction.atomic
def closure_confirm(*, ref: ConversationRef, address: str = "") -> ClosureRequest:
    """The customer (on their ticket page) confirms; the cooling-off period starts."""
    require_verified(ref)
    closure = _open_closure(ref)
    if closure.status != Status.REQUESTED:
        raise SecurityDeskError(_("This closure request is already confirmed."))
    days = desk_settings().closure_cooling_off_days
    closure.status = Status.CONFIRMED
    closure.confirmed_at = timezone.now()
    closure.cooling_off_until = closure.confirmed_at + dt.timedelta(days=days)
    closure.save()
    audit_record(
        action=Action.CLOSURE_CONFIRMED,
        address=address,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
        detail={"cooling_off_days": days},
    )
    tell_customer(ref, CONFIRMED_NOTE, days=days)
    return closure


@transaction.atomic
def closure_complete(*, ref: ConversationRef, by: Any, request: Any = None) -> ClosureRequest:
    """The agent's final step after the cooling-off period: the wallet closes the account
    (its balance must still be zero). Raises SecurityDeskError or WalletUnavailable."""
    if not is_agent(by):
        raise SecurityDeskError(_("Only agents can close an account."))
    require_verified(ref)
    closure = _open_closure(ref)
    if closure.status != Status.CONFIRMED:
        raise SecurityDeskError(_("The customer has not confirmed the closure yet."))
    if timezone.now() < closure.cooling_off_until:
        raise SecurityDeskError(
            _("The cooling-off period ends %(when)s.")
            % {"when": date_format(timezone.localtime(closure.cooling_off_until), "Y-m-d H:i")}
        )
    account = customer_account(ref)
    if account.balance != 0:
        raise SecurityDeskError(
            _("The account holds %(balance)s %(currency)s again; it cannot be closed.")
            % {"balance": account.balance, "currency": account.currency}
        )
    wallet().close(wallet_user_id=closure.wallet_user_id, reason=",".join(closure.reasons))
    closure.status = Status.COMPLETED
    closure.completed_by = by
    closure.completed_at = timezone.now()
    closure.save()
    _audit(Action.CLOSURE_COMPLETED, ref, by, request)
    tell_customer(ref, COMPLETED_NOTE, by=by)
    return closure


@transaction.atomic
def closure_cancel(
    *, ref: ConversationRef, by: Any = None, request: Any = None, address: str = ""
) -> ClosureRequest:
    """Cancel the open closure request: an agent (``by``) or the customer (``by=None``)."""
    closure = _open_closure(ref)
    closure.status = Status.CANCELLED
    closure.cancelled_at = timezone.now()
    closure.save()
    audit_record(
        action=Action.CLOSURE_CANCELLED,
        actor=by,
        request=request,
        address=address,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
    )
    tell_customer(ref, CANCELLED_NOTE, by=by)
    return closure
