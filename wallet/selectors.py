"""Reads of the account security desk."""

from wallet.adapter import WalletCustomer, wallet


def wallet_customer_for(*, email: str, customer_id: int | None = None) -> WalletCustomer | None:
    """The wallet account of a help-center customer: the one place that decides which.

    Today by the conversation's e-mail address (the wallet's verified e-mail). When
    ``accounts.selectors.wallet_user_for`` lands, a customer signed in from the wallet app is
    found by wallet user id first (``customer_id`` is their user id). Raises
    ``WalletUnavailable``."""
    if not email:
        return None
    return wallet().customer(email=email)
