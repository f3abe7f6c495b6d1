"""Reads of customer accounts."""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from accounts.models import CustomerProfile, EmailVerification, WalletIdentity


@dataclass(frozen=True)
class EmailState:
    """Whether the account's address is confirmed, and the address a sent link waits for
    (the account's own before confirmation, or a new one), if any."""

    confirmed: bool
    pending_email: str


def email_state(user: Any) -> EmailState:
    confirmed = CustomerProfile.objects.filter(pk=user.pk, email_verified_at__isnull=False).exists()
    pending = EmailVerification.objects.filter(
        user=user, status=EmailVerification.Status.PENDING
    ).values_list("email", flat=True)
    return EmailState(confirmed=confirmed, pending_email=pending.first() or "")


def wallet_user_for(user: Any) -> WalletIdentity | None:
    """The wallet user behind ``user``'s account (``user`` may be a user id): the wallet user
    id and phone, or None for a guest, an account that never signed in from the wallet, or
    anonymous."""
    if isinstance(user, int):
        pk = user
    elif getattr(user, "is_authenticated", False):
        pk = user.pk
    else:
        return None
    return WalletIdentity.objects.filter(pk=pk).first()


def wallet_user_ids(user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` are wallet users (one query for a list of rows)."""
    return set(WalletIdentity.objects.filter(pk__in=list(user_ids)).values_list("pk", flat=True))


def is_wallet_user(customer_field: str) -> Exists:
    """Whether the account in ``customer_field`` of the outer query is a wallet user, as a
    column of that query (``wallet_user_ids`` without a second query)."""
    return Exists(WalletIdentity.objects.filter(pk=OuterRef(customer_field)))


def verified_customer_for(email: str) -> Any:
    """The active customer account whose confirmed address is ``email`` (any case), or None:
    what a guest request or chat sent from that address joins, as the ones sent before the
    confirmation did (``email_confirmed``). One query on ``accounts_user_email_lower``.

    Asked for every guest request and chat, so it is one SQL string built once per process
    rather than a queryset compiled per call (about a third of a new request's time);
    ``tests/accounts/test_guest_requests_join_account.py`` holds it equal to the queryset."""
    email = email.strip().lower()
    if not email:
        return None
    return next(iter(get_user_model().objects.raw(_verified_customer_sql(), [email])), None)


@functools.cache
def _verified_customer_sql() -> str:
    user = get_user_model()._meta
    profile = CustomerProfile._meta
    # Table names come from the models; the address is a parameter.
    return (
        f"SELECT u.* FROM {user.db_table} u JOIN {profile.db_table} p ON p.user_id = u.id"  # noqa: S608
        " WHERE lower(u.email) = %s AND u.is_active AND NOT u.is_staff"
        " AND p.email_verified_at IS NOT NULL ORDER BY u.id LIMIT 1"
    )


def verified_customer_id_lookup(email: str) -> tuple[str, list[object]] | None:
    """``verified_customer_for`` as a SELECT of the account's id (SQL, parameters) for a caller
    that runs it inside its own statement (``core.db.insert_in_one_statement``'s ``lookup``),
    or None for a blank address (no account). The same conditions and order as
    ``verified_customer_for`` (``tests/accounts/test_guest_requests_join_account.py``)."""
    email = email.strip().lower()
    if not email:
        return None
    return _verified_customer_id_sql(), [email]


@functools.cache
def _verified_customer_id_sql() -> str:
    return _verified_customer_sql().replace("SELECT u.*", "SELECT u.id", 1)


def account_for(customer: Any, email: str) -> Any:
    """Whose request or chat this is: the signed-in customer, or else the account whose
    confirmed address ``email`` is (a guest who has an account finds it under My requests, like
    those claimed when the address was confirmed), or None."""
    if getattr(customer, "is_authenticated", False):
        return customer
    return verified_customer_for(email)
