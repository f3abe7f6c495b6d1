"""The wallet context agents see beside a ticket or a chat: always the account's status,
verification level and freeze; after the customer is verified in that conversation, the
recent transactions. Every look is audited (viewed wallet context, viewed transactions)."""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from accounts.roles import is_supervisor
from core.audit import Action, audit_record
from wallet.adapter import (
    WalletCustomer,
    WalletTransaction,
    WalletUnavailable,
    mask_email,
    mask_phone,
    wallet,
)
from wallet.conversations import ConversationRef
from wallet.models import (
    AccountFreeze,
    ClosureRequest,
    DemoTransaction,
    FreezeRequest,
    Verification,
)
from wallet.selectors import wallet_customer_for
from wallet.services import (
    closure_for,
    customer_reason,
    needs_verification,
    pending_freeze_request,
    verification_for,
)

RECENT = 10


TX_STATUSES = frozenset(DemoTransaction.Status.values)


def status_label(status: str) -> str:
    """A transaction status in the agent's language (the wallet's own word if unknown)."""
    return str(DemoTransaction.Status(status).label) if status in TX_STATUSES else status


@dataclass
class WalletPanel:
    ref: ConversationRef
    unavailable: str = ""  # the message when the wallet did not answer
    account: WalletCustomer | None = None
    masked_email: str = ""
    masked_phone: str = ""
    verification: Verification | None = None
    verified: bool = False
    needs_verification: bool = False
    transactions: list[WalletTransaction] = field(default_factory=list)
    freeze: AccountFreeze | None = None
    freeze_request: FreezeRequest | None = None  # the customer's pending "freeze my account"
    freeze_reason: str = ""  # the reason the freeze form offers for that request
    can_unfreeze_alone: bool = False  # a supervisor needs no second confirmation
    closure: ClosureRequest | None = None
    closure_reasons: list[tuple[str, str]] = field(default_factory=list)
    closure_ready: bool = False  # the cooling-off period is over

    @property
    def transaction_rows(self) -> list[tuple[WalletTransaction, str]]:
        return [(t, status_label(t.status)) for t in self.transactions]


def wallet_panel(*, ref: ConversationRef, user: Any, request: HttpRequest) -> WalletPanel:
    """The panel's content for agent ``user`` (already allowed on the conversation)."""
    verification = verification_for(ref)
    panel = WalletPanel(
        ref=ref,
        verification=verification,
        verified=ref.wallet_signed_in or bool(verification and verification.is_verified),
        needs_verification=needs_verification(ref),
        can_unfreeze_alone=is_supervisor(user),
        freeze=AccountFreeze.objects.filter(
            kind=ref.kind, conversation_id=ref.conversation_id
        ).first(),
        closure=closure_for(ref),
        freeze_request=pending_freeze_request(ref),
        closure_reasons=list(ClosureRequest.Reason.choices),
    )
    if panel.freeze_request is not None:
        panel.freeze_reason = customer_reason(get_language())
    panel.closure_ready = bool(
        panel.closure
        and panel.closure.status == ClosureRequest.Status.CONFIRMED
        and panel.closure.cooling_off_until <= timezone.now()
    )
    try:
        panel.account = wallet_customer_for(email=ref.email, customer_id=ref.customer_id)
        if panel.account is not None and panel.verified:
            panel.transactions = wallet().transactions(
                wallet_user_id=panel.account.wallet_user_id, limit=RECENT
            )
    except WalletUnavailable as exc:
        panel.unavailable = str(exc.message)
        return panel
    if panel.account is None:
        return panel
    panel.masked_email = mask_email(panel.account.email)
    panel.masked_phone = mask_phone(panel.account.phone)
    audit_record(
        action=Action.VIEWED_WALLET,
        request=request,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
    )
    if panel.transactions:
        audit_record(
            action=Action.VIEWED_TRANSACTIONS,
            request=request,
            object_type=ref.kind,
            object_id=ref.conversation_id,
            customer_id=ref.customer_id,
            detail={"count": len(panel.transactions)},
        )
    return panel
