"""Every write of the account security desk: identity verification (``verification``),
freezing and unfreezing (``freeze``), paging the on-call list (``paging``). Callers use
``from wallet import services``."""

from wallet.services.freeze import account_freeze, account_unfreeze
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
    verification_for,
    verification_request,
)

__all__ = [
    "CODE_RE",
    "Outcome",
    "SecurityDeskError",
    "account_freeze",
    "account_unfreeze",
    "customer_account",
    "is_verified",
    "needs_verification",
    "outcome_note",
    "require_verified",
    "security_report_page",
    "verification_check",
    "verification_for",
    "verification_request",
]
