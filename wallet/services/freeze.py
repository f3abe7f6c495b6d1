"""Freezing is protective: any agent freezes a customer's wallet account at once with a reason,
without verification (the thief may hold the registered phone), and a customer signed in from
the wallet app may freeze their own. Lifting a freeze needs the customer verified in the
conversation, and a supervisor or the agent confirming a second time."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import is_agent, is_supervisor
from core.audit import Action, audit_record
from wallet.adapter import WalletCustomer, wallet
from wallet.conversations import ConversationRef, tell_customer
from wallet.models import AccountFreeze, FreezeRequest
from wallet.services.verification import SecurityDeskError, customer_account, require_verified

FROZEN_NOTE = gettext_noop(
    "For your protection we have frozen your wallet account: no money can leave it until it "
    "is unfrozen. We will verify your identity before unfreezing it."
)
UNFROZEN_NOTE = gettext_noop("Your wallet account is unfrozen and can be used again.")
MAX_REASON = 300


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise SecurityDeskError(_("Give a reason."))
    return reason[:MAX_REASON]


@transaction.atomic
def account_freeze(
    *, ref: ConversationRef, reason: str, by: Any = None, request: Any = None
) -> WalletCustomer:
    """Freeze the conversation's wallet account now, record and audit it, and tell the
    customer in their language. ``by`` is the agent, or None for a customer signed in from the
    wallet app (``ref.wallet_signed_in``). Raises SecurityDeskError or WalletUnavailable."""
    if by is not None and not is_agent(by):
        raise SecurityDeskError(_("Only agents can freeze an account."))
    if by is None and not ref.wallet_signed_in:
        raise SecurityDeskError(_("Ask an agent to freeze your account."))
    reason = _reason(reason)
    account = customer_account(ref)
    if account.frozen:
        raise SecurityDeskError(_("The account is already frozen."))
    frozen = wallet().freeze(wallet_user_id=account.wallet_user_id, reason=reason)
    AccountFreeze.objects.create(
        wallet_user_id=account.wallet_user_id,
        kind=ref.kind,
        conversation_id=ref.conversation_id,
        customer_id=ref.customer_id,
        reason=reason,
        frozen_by=by,
        frozen_at=timezone.now(),
    )
    # A customer's pending "freeze my account" in this conversation is answered.
    FreezeRequest.objects.filter(
        kind=ref.kind, conversation_id=ref.conversation_id, status=FreezeRequest.Status.PENDING
    ).update(status=FreezeRequest.Status.APPLIED, applied_at=timezone.now(), applied_by=by)
    audit_record(
        action=Action.FREEZE,
        actor=by,
        request=request,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
        detail={"reason": reason},
    )
    tell_customer(ref, FROZEN_NOTE, by=by)
    return frozen


@transaction.atomic
def account_unfreeze(
    *, ref: ConversationRef, reason: str, by: Any, confirmed: bool = False, request: Any = None
) -> WalletCustomer:
    """Lift the freeze of the conversation's wallet account: the customer must be verified in
    this conversation, and ``by`` a supervisor, or an agent who ``confirmed`` a second time.
    Raises SecurityDeskError or WalletUnavailable."""
    if not is_agent(by):
        raise SecurityDeskError(_("Only agents can unfreeze an account."))
    require_verified(ref)
    if not (is_supervisor(by) or confirmed):
        raise SecurityDeskError(
            _("Confirm that you checked the customer's identity and want to unfreeze.")
        )
    reason = _reason(reason)
    account = customer_account(ref)
    if not account.frozen:
        raise SecurityDeskError(_("The account is not frozen."))
    unfrozen = wallet().unfreeze(wallet_user_id=account.wallet_user_id, reason=reason)
    AccountFreeze.objects.filter(
        wallet_user_id=account.wallet_user_id, unfrozen_at__isnull=True
    ).update(unfrozen_at=timezone.now(), unfrozen_by=by, unfreeze_reason=reason)
    audit_record(
        action=Action.UNFREEZE,
        actor=by,
        request=request,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
        detail={"reason": reason, "supervisor": is_supervisor(by)},
    )
    tell_customer(ref, UNFROZEN_NOTE, by=by)
    return unfrozen
