"""A customer's own "freeze my account", from the chat or their request page, after they
report unauthorised activity. A customer signed in from the wallet app (the wallet vouched for
them) is frozen at once; anyone else's request waits for an agent's one click in the wallet
panel (``account_freeze`` marks it applied). Either way the customer is told in their
language, and a frozen account shows on their request."""

from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wallet.adapter import WalletUnavailable
from wallet.conversations import ConversationRef, tell_customer
from wallet.models import AccountFreeze, FreezeRequest
from wallet.services.freeze import account_freeze
from wallet.services.verification import SecurityDeskError

REQUESTED_NOTE = gettext_noop(
    "You asked us to freeze your wallet account. An agent will freeze it as soon as possible "
    "and you will be told here. Our staff will never ask for your password or PIN."
)
CUSTOMER_REASON = gettext_noop(
    "The customer asked for a freeze after reporting unauthorised activity."
)


class FreezeAsked(StrEnum):
    FROZEN = "frozen"  # frozen at once (signed in from the wallet app)
    REQUESTED = "requested"  # waiting for an agent


def customer_reason(language: str | None = None) -> str:
    """The freeze reason recorded for a customer's own request: in ``language`` (the agent's,
    who applies it from the panel) or the site's language (a wallet-app customer frozen at
    once)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _(CUSTOMER_REASON)


def pending_freeze_request(ref: ConversationRef) -> FreezeRequest | None:
    return FreezeRequest.objects.filter(
        kind=ref.kind, conversation_id=ref.conversation_id, status=FreezeRequest.Status.PENDING
    ).first()


@transaction.atomic
def freeze_ask(*, ref: ConversationRef, address: str = "") -> FreezeAsked:
    """The conversation's customer asks to freeze their wallet account. Signed in from the
    wallet app: frozen now (``account_freeze`` with ``by=None``); if the wallet does not answer,
    or for anyone else, a pending request is recorded (once) for an agent. Raises
    SecurityDeskError when the account is already frozen from this conversation, or (signed in)
    when the wallet has no such account or it is already frozen."""
    if AccountFreeze.objects.filter(
        kind=ref.kind, conversation_id=ref.conversation_id, unfrozen_at__isnull=True
    ).exists():
        raise SecurityDeskError(_("Your wallet account is already frozen."))
    if ref.wallet_signed_in:
        try:
            with transaction.atomic():
                account_freeze(ref=ref, reason=customer_reason(), by=None)
        except WalletUnavailable:
            pass  # an agent applies it when the wallet answers again
        else:
            return FreezeAsked.FROZEN
    _row, created = FreezeRequest.objects.get_or_create(
        kind=ref.kind,
        conversation_id=ref.conversation_id,
        status=FreezeRequest.Status.PENDING,
        defaults={
            "customer_id": ref.customer_id,
            "requested_at": timezone.now(),
            "address": address[:64],
        },
    )
    if created:
        tell_customer(ref, REQUESTED_NOTE)
    return FreezeAsked.REQUESTED
