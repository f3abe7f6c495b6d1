"""Every write of the account security desk: identity verification (``verification``),
freezing and unfreezing (``freeze``), paging the on-call list (``paging``) and closing
accounts (``closure``). Callers use
``from wallet import services``."""

from wallet.services.closure import (
    closure_cancel,
    closure_complete,
    closure_confirm,
    closure_for,
    closure_request,
)
from wallet.services.freeze import account_freeze, account_unfreeze
from wallet.services.freeze_request import (
    FreezeAsked,
    customer_reason,
    freeze_ask,
    pending_freeze_request,
)
from wallet.services.paging import security_report_page
from wallet.services.verification import (
    CODE_RE,
    Outcome,
    SecurityDeskError,
    customer_account,
    is_verified,
    needs_verification,
    outcome_note,
    require_verified,
    verification_check,
    verification_end,
    verification_for,
    verification_request,
)

__all__ = [
    "CODE_RE",
    "FreezeAsked",
    "Outcome",
    "SecurityDeskError",
    "account_freeze",
    "account_unfreeze",
    "closure_cancel",
    "closure_complete",
    "closure_confirm",
    "closure_for",
    "closure_request",
    "customer_account",
    "customer_reason",
    "freeze_ask",
    "is_verified",
    "needs_verification",
    "outcome_note",
    "pending_freeze_request",
    "require_verified",
    "security_report_page",
    "verification_check",
    "verification_end",
    "verification_for",
    "verification_request",
]
