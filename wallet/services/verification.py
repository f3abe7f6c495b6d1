"""Identity verification per conversation: an agent asks the wallet to send the customer a
one-time code, the customer types it into the chat or the ticket page.

Codes are 6 digits, valid ``CODE_TTL``, ``MAX_TRIES`` tries, kept only as a keyed hash
(``salted_hmac`` with the site's secret key and the conversation), and their sending is rate
limited per customer and per agent (``core.ratelimits``). Every request, pass and failure is
audited. A customer who came signed in from the wallet app is verified by that."""

import datetime as dt
import re
import secrets
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import Action, audit_record
from core.ratelimits import over_limit
from wallet.adapter import WalletCustomer, wallet
from wallet.conversations import ConversationRef, tell_customer
from wallet.models import Verification
from wallet.selectors import wallet_customer_for

CODE_TTL = dt.timedelta(minutes=10)
MAX_TRIES = 5
CODE_RE = re.compile(r"^\d{6}$")
Method = Verification.Method


class SecurityDeskError(Exception):
    """A refused security-desk action; ``message`` is translated for the person acting."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Outcome(StrEnum):
    VERIFIED = "verified"
    WRONG = "wrong"
    EXPIRED = "expired"
    NO_TRIES = "no_tries"
    NOT_PENDING = "not_pending"


CODE_SENT = gettext_noop(
    "To protect your account we sent a 6-digit verification code to %(destination)s. Type it "
    "here to confirm it is you. Our staff will never ask for your password or PIN."
)
VERIFIED_NOTE = gettext_noop("Thank you, your identity is verified.")
WRONG_NOTE = gettext_noop("That code is not right. You have %(tries)d tries left.")
EXPIRED_NOTE = gettext_noop(
    "That code has expired or was tried too many times. Ask the agent for a new code."
)


def _hash(ref_kind: str, conversation_id: int, code: str) -> str:
    return salted_hmac(
        f"wallet.verification:{ref_kind}:{conversation_id}", code, algorithm="sha256"
    ).hexdigest()


def verification_for(ref: ConversationRef) -> Verification | None:
    """The conversation's verification row (pending or done), if any."""
    return Verification.objects.filter(kind=ref.kind, conversation_id=ref.conversation_id).first()


def is_verified(ref: ConversationRef) -> bool:
    """Whether the customer proved who they are in this conversation (a code, or signed in
    from the wallet app)."""
    if ref.wallet_signed_in:
        return True
    row = verification_for(ref)
    return row is not None and row.is_verified


def require_verified(ref: ConversationRef) -> None:
    """Raise SecurityDeskError unless the customer is verified in this conversation: the guard
    of showing transactions, unfreezing, changing the contact e-mail and closing the account."""
    if not is_verified(ref):
        raise SecurityDeskError(_("Verify the customer's identity in this conversation first."))


def verification_end(*, ref: ConversationRef) -> None:
    """The customer must prove who they are again in this conversation (its contact address
    changed, so it may name another wallet account). The row stays, without its proof."""
    Verification.objects.filter(kind=ref.kind, conversation_id=ref.conversation_id).update(
        verified_at=None, code_hash="", tries_left=0
    )


def needs_verification(ref: ConversationRef) -> bool:
    """Sensitive topics (``WALLET_VERIFICATION_TOPICS``) ask agents to verify first."""
    return ref.topic_slug in settings.WALLET_VERIFICATION_TOPICS or ref.is_security


def customer_account(ref: ConversationRef) -> WalletCustomer:
    """The conversation's wallet account; SecurityDeskError when it has none.
    Raises WalletUnavailable."""
    customer = wallet_customer_for(email=ref.email, customer_id=ref.customer_id)
    if customer is None:
        raise SecurityDeskError(_("No wallet account has this customer's e-mail address."))
    return customer


@transaction.atomic
def verification_request(
    *, ref: ConversationRef, agent: Any, channel: str = Method.SMS, request: Any = None
) -> str:
    """Send the customer a new code through the wallet (to the registered phone, ``sms``, or
    e-mail, ``email``), replacing any pending one, and tell them in the conversation where to
    type it. Returns the masked destination. Raises SecurityDeskError (already verified, no
    wallet account, too many codes) or WalletUnavailable (nothing is stored then)."""
    if channel not in (Method.SMS, Method.EMAIL):
        raise SecurityDeskError(_("Choose the phone or the e-mail address."))
    if is_verified(ref):
        raise SecurityDeskError(_("The customer is already verified in this conversation."))
    customer = customer_account(ref)
    if over_limit(
        [
            ("wallet:code:customer", customer.wallet_user_id, settings.WALLET_CODE_RATE_CUSTOMER),
            ("wallet:code:agent", str(agent.pk), settings.WALLET_CODE_RATE_AGENT),
        ]
    ):
        raise SecurityDeskError(
            _("Too many codes were sent recently. Wait a while before asking for another.")
        )
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    Verification.objects.update_or_create(
        kind=ref.kind,
        conversation_id=ref.conversation_id,
        defaults={
            "customer_id": ref.customer_id,
            "wallet_user_id": customer.wallet_user_id,
            "method": channel,
            "code_hash": _hash(ref.kind, ref.conversation_id, code),
            "code_expires_at": now + CODE_TTL,
            "tries_left": MAX_TRIES,
            "requested_by": agent,
            "requested_at": now,
            "verified_at": None,
        },
    )
    destination = _send(customer, code, channel, ref.language)
    audit_record(
        action=Action.VERIFICATION_REQUESTED,
        actor=agent,
        request=request,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
        detail={"channel": channel},
    )
    tell_customer(ref, CODE_SENT, by=agent, destination=destination)
    return destination


def _send(customer: WalletCustomer, code: str, channel: str, language: str) -> str:
    return wallet().send_code(
        wallet_user_id=customer.wallet_user_id, code=code, channel=channel, language=language
    )


@transaction.atomic
def verification_check(
    *, ref: ConversationRef, code: str, address: str = "", notify: bool = True
) -> tuple[Outcome, int]:
    """Check a code the customer typed; returns (outcome, tries left). A right code within its
    time verifies the conversation; a wrong one uses a try. Audited (passed or failed) and, with
    ``notify``, the customer is told the outcome in the conversation."""
    row = (
        Verification.objects.select_for_update()
        .filter(kind=ref.kind, conversation_id=ref.conversation_id)
        .first()
    )
    if row is None or row.is_verified or not row.code_hash:
        return Outcome.NOT_PENDING, 0
    now = timezone.now()
    if row.tries_left <= 0 or row.code_expires_at is None or row.code_expires_at <= now:
        outcome = Outcome.EXPIRED if row.tries_left > 0 else Outcome.NO_TRIES
    elif constant_time_compare(_hash(ref.kind, ref.conversation_id, code.strip()), row.code_hash):
        outcome = Outcome.VERIFIED
        row.verified_at = now
        row.code_hash = ""
    else:
        outcome = Outcome.WRONG
        row.tries_left -= 1
    row.save()
    audit_record(
        action=Action.VERIFICATION_PASSED
        if outcome == Outcome.VERIFIED
        else Action.VERIFICATION_FAILED,
        address=address,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
        detail={"outcome": str(outcome), "method": row.method},
    )
    if notify:
        text, params = outcome_note(outcome, row.tries_left)
        tell_customer(ref, text, **params)
    return outcome, row.tries_left


def outcome_note(outcome: Outcome, tries: int) -> tuple[str, dict[str, int]]:
    """What the customer is told after typing a code: a msgid and its parameters."""
    if outcome == Outcome.VERIFIED:
        return VERIFIED_NOTE, {}
    if outcome == Outcome.WRONG and tries > 0:
        return WRONG_NOTE, {"tries": tries}
    return EXPIRED_NOTE, {}
