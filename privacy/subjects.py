"""Who a privacy request is about: one customer found by e-mail, account or wallet user id, with
every address, name and phone number the help center knows them by and the ids of their
requests and chats."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import EmailVerification, WalletIdentity
from chat.models import Conversation
from tickets.models import Ticket
from wallet.models import DemoAccount

MIN_IDENTIFIER = 3  # shorter names ("Li") are not searched for inside other people's text


class SubjectNotFound(Exception):
    """Nothing is known about the customer named; ``message`` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Subject:
    user: Any = None
    emails: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    wallet_user_ids: set[str] = field(default_factory=set)
    transaction_numbers: set[str] = field(default_factory=set)
    ticket_ids: list[int] = field(default_factory=list)
    conversation_ids: list[int] = field(default_factory=list)

    @property
    def customer_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def contact_email(self) -> str:
        """Where the customer is told about an erasure: the account's address, else the one
        they wrote from most recently."""
        if self.user is not None and self.user.email:
            return self.user.email
        return sorted(self.emails)[0] if self.emails else ""

    def identifiers(self) -> list[str]:
        """Every string that names the customer, longest first (so a name inside an e-mail
        address is replaced as part of the address)."""
        values = {v for v in self.emails | self.names | self.phones | self.transaction_numbers if v}
        values |= self.wallet_user_ids
        return sorted((v for v in values if len(v) >= MIN_IDENTIFIER), key=len, reverse=True)

    def pattern(self) -> re.Pattern | None:
        return identifier_pattern(self.identifiers())


def identifier_pattern(values: Iterable[str]) -> re.Pattern | None:
    values = sorted({v for v in values if v and len(v) >= MIN_IDENTIFIER}, key=len, reverse=True)
    if not values:
        return None
    return re.compile("|".join(re.escape(v) for v in values), re.IGNORECASE)


def _iexact_any(field_name: str, values: Iterable[str]) -> Q:
    query = Q(pk__in=[])
    for value in values:
        query |= Q(**{f"{field_name}__iexact": value})
    return query


def subject_find(*, email: str = "", user: Any = None, wallet_user_id: str = "") -> Subject:
    """The customer named by ``email``, ``user`` or ``wallet_user_id`` and everything that
    identifies them. Raises ``SubjectNotFound`` when nothing is known, or for a staff account
    (staff are not erased through this)."""
    User = get_user_model()
    email = (email or "").strip()
    wallet_user_id = (wallet_user_id or "").strip()
    if user is None and wallet_user_id:
        identity = (
            WalletIdentity.objects.select_related("user")
            .filter(wallet_user_id=wallet_user_id)
            .first()
        )
        user = identity.user if identity else None
    if user is None and email:
        user = User.objects.filter(email__iexact=email, is_staff=False).order_by("pk").first()
    if user is not None and (user.is_staff or user.is_superuser):
        raise SubjectNotFound(_("That is a staff account; staff are managed in admin."))
    subject = Subject(user=user)
    if email:
        subject.emails.add(email.lower())
    if wallet_user_id:
        subject.wallet_user_ids.add(wallet_user_id)
    if user is not None:
        if user.email:
            subject.emails.add(user.email.lower())
        subject.emails |= {
            e.lower()
            for e in EmailVerification.objects.filter(user=user).values_list("email", flat=True)
        }
        subject.names |= {n for n in (user.get_full_name(), user.first_name, user.last_name) if n}
        identity = WalletIdentity.objects.filter(user=user).first()
        if identity is not None:
            subject.wallet_user_ids.add(identity.wallet_user_id)
            if identity.phone:
                subject.phones.add(identity.phone)
    tickets = Ticket.objects.filter(
        (Q(customer=user) if user is not None else Q(pk__in=[]))
        | _iexact_any("customer_email", subject.emails)
    ).values_list("pk", "customer_email", "customer_name", "transaction_number")
    for pk, address, name, number in tickets:
        subject.ticket_ids.append(pk)
        subject.emails.add(address.lower())
        subject.names.add(name)
        if number:
            subject.transaction_numbers.add(number)
    chats = Conversation.objects.filter(
        (Q(customer=user) if user is not None else Q(pk__in=[]))
        | _iexact_any("customer_email", subject.emails)
    ).values_list("pk", "customer_email", "customer_name")
    for pk, address, name in chats:
        subject.conversation_ids.append(pk)
        if address:
            subject.emails.add(address.lower())
        subject.names.add(name)
    accounts = DemoAccount.objects.filter(
        Q(wallet_user_id__in=subject.wallet_user_ids) | _iexact_any("email", subject.emails)
    ).values_list("wallet_user_id", "phone")
    for wallet_id, phone in accounts:
        subject.wallet_user_ids.add(wallet_id)
        if phone:
            subject.phones.add(phone)
    subject.names.discard("")
    subject.emails.discard("")
    if user is None and not subject.ticket_ids and not subject.conversation_ids:
        raise SubjectNotFound(_("No customer, request or chat was found for that."))
    return subject
