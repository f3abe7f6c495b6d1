"""What the help center asks the wallet, behind one interface (``Wallet``).

Two implementations: ``wallet.demo_wallet.DemoWallet`` (seeded rows, the embedded default) and
``wallet.http_wallet.HttpWallet`` (the wallet's HTTP API, docs/security-desk.md). ``wallet()``
returns the one chosen by ``WALLET_BACKEND``. Every method raises ``WalletUnavailable`` when the
wallet cannot answer (down, slow, an answer that is not signed by it); callers show agents
``WalletUnavailable.message`` and carry on.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class WalletUnavailable(Exception):
    """The wallet did not answer usably; ``message`` is what agents are told."""

    message = _("The wallet is not answering. Try again in a few minutes; nothing was changed.")


@dataclass(frozen=True)
class WalletCustomer:
    wallet_user_id: str
    status: str  # "active", "restricted" or "closed"
    email: str  # verified e-mail address ("" if none)
    phone: str  # verified phone number ("" if none)
    verification_level: str  # "none", "basic" or "full" (the wallet's KYC level)
    frozen: bool
    balance: Decimal
    currency: str


@dataclass(frozen=True)
class WalletTransaction:
    number: str
    amount: Decimal
    currency: str
    status: str  # "pending", "completed", "failed" or "reversed"
    created_at: dt.datetime
    counterparty: str  # masked by the wallet ("**** 4821", "Coffee Shop")


class Wallet(Protocol):
    def customer(self, *, wallet_user_id: str = "", email: str = "") -> WalletCustomer | None:
        """The wallet account by wallet user id, else by verified e-mail; None if none."""

    def transactions(self, *, wallet_user_id: str, limit: int = 10) -> list[WalletTransaction]:
        """The account's most recent transactions, newest first."""

    def transaction(self, *, wallet_user_id: str, number: str) -> WalletTransaction | None:
        """One transaction of this account by its number; None if it has none by that number."""

    def freeze(self, *, wallet_user_id: str, reason: str) -> WalletCustomer:
        """Freeze the account (no payment leaves it) and return its new state."""

    def unfreeze(self, *, wallet_user_id: str, reason: str) -> WalletCustomer:
        """Lift a freeze and return the account's new state."""

    def close(self, *, wallet_user_id: str, reason: str) -> WalletCustomer:
        """Close the account for good (its balance is zero) and return its new state."""

    def send_code(self, *, wallet_user_id: str, code: str, channel: str, language: str) -> str:
        """Deliver a one-time code to the account's registered phone ("sms") or e-mail
        ("email"), in ``language``; returns the masked destination ("+86 *** **** 1234")."""


def wallet() -> Wallet:
    """The configured wallet (``WALLET_BACKEND``), read at each call so that a changed setting
    applies at once."""
    return import_string(settings.WALLET_BACKEND)()


def mask_phone(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    return f"*** **** {digits[-4:]}" if digits else ""


def mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else ""
