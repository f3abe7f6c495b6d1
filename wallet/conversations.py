"""The conversations (tickets and chats) the security desk works on, as tickets and chat
describe them through ``wallet.signals``."""

from dataclasses import dataclass
from typing import Any

from wallet.signals import conversation_lookup, customer_notify

KINDS = ("ticket", "chat")


@dataclass(frozen=True)
class ConversationRef:
    kind: str  # "ticket" or "chat"
    conversation_id: int
    customer_id: int | None  # the customer's user id, if they have an account
    email: str  # the conversation's customer e-mail ("" when unknown)
    language: str  # "zh-hans" or "en"
    topic_slug: str
    is_security: bool  # a report of theft or unauthorised transactions
    label: str  # "HC-2026-000012" or "Chat 31"
    console_url: str  # the agent's page of the conversation
    transaction_number: str = ""  # the ticket's transaction number, if any
    wallet_signed_in: bool = False  # the customer came signed in from the wallet app


class ConversationNotFound(Exception):
    """No such conversation, or the user may not work on it."""


def conversation_get(*, kind: str, conversation_id: int, user: Any = None) -> ConversationRef:
    """The conversation as its app describes it, after its access check for ``user`` (None:
    the system acting); ConversationNotFound otherwise."""
    if kind not in KINDS:
        raise ConversationNotFound
    for _receiver, ref in conversation_lookup.send(
        sender=None, kind=kind, conversation_id=conversation_id, user=user
    ):
        if ref is not None:
            return ref
    raise ConversationNotFound


def tell_customer(ref: ConversationRef, text: str, *, by: Any = None, **params: Any) -> None:
    """Tell the customer ``text`` (a gettext_noop msgid) in their language, where they talk to
    us: a public reply on a ticket, a system line in a chat."""
    customer_notify.send(sender=None, ref=ref, text=text, params=params, by=by)
