"""Who may open which conversation. Every lookup by id goes through a function here, which
fetches *and* checks; nobody trusts an id sent by a client on its own."""

from datetime import timedelta
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from accounts.roles import is_agent, is_supervisor
from chat.models import ChatAttachment, Conversation

TOKEN_SALT = "chat.customer"  # noqa: S105 - a signing namespace, not a secret
TOKEN_MAX_AGE_SECONDS = 30 * 24 * 3600
# A closed conversation's token is ended, except that for this long after the close it may
# still rate the chat and ask for the transcript, the two things the widget offers at the end.
CLOSED_TOKEN_GRACE = timedelta(hours=1)
# The Django session remembers the conversations this browser started.
SESSION_KEY = "chat_conversations"
SESSION_MAX_CONVERSATIONS = 20


class ChatAccessDenied(Exception):
    """Not this caller's conversation (or not found: the two are not told apart)."""


def conversation_token(conversation: Conversation) -> str:
    """A signed token proving its bearer started ``conversation``: its id and its current
    ``customer_key``, so a new key (chat.services.conversation_token_rotate) ends it."""
    return signing.dumps(
        {"c": conversation.pk, "k": conversation.customer_key}, salt=TOKEN_SALT, compress=False
    )


def _token_grants(token: str, conversation: Conversation, *, after_close: bool) -> bool:
    """Whether ``token`` is a live token of ``conversation``: signed by us, not expired, the
    conversation's current key (compared in constant time), and the conversation not closed
    (or closed less than CLOSED_TOKEN_GRACE ago, for ``after_close`` actions)."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict) or data.get("c") != conversation.pk:
        return False
    key = data.get("k")
    if not isinstance(key, str) or not constant_time_compare(key, conversation.customer_key):
        return False
    if conversation.status != Conversation.Status.CLOSED:
        return True
    return (
        after_close
        and conversation.closed_at is not None
        and timezone.now() - conversation.closed_at < CLOSED_TOKEN_GRACE
    )


def session_remember(session: SessionBase, conversation_id: int) -> None:
    ids = [i for i in session.get(SESSION_KEY, []) if i != conversation_id]
    session[SESSION_KEY] = [*ids, conversation_id][-SESSION_MAX_CONVERSATIONS:]


def conversation_get_for_customer(
    *,
    conversation_id: int,
    user: Any = None,
    session: SessionBase | None = None,
    token: str = "",
    after_close: bool = False,
) -> Conversation:
    """The conversation, if the caller proves it is theirs: a live token of it, this session
    having started it, or being the logged-in customer it belongs to. Raises ChatAccessDenied.

    A token is ended when the conversation closes; ``after_close`` (rating, transcript) admits
    it for CLOSED_TOKEN_GRACE more. The session and the account still reach a closed chat."""
    conversation = (
        Conversation.objects.select_related("agent", "topic").filter(pk=conversation_id).first()
    )
    if conversation is None:
        raise ChatAccessDenied
    if token and _token_grants(token, conversation, after_close=after_close):
        return conversation
    if session is not None and conversation.pk in session.get(SESSION_KEY, []):
        return conversation
    if (
        getattr(user, "is_authenticated", False)
        and conversation.customer_id is not None
        and conversation.customer_id == user.pk
    ):
        return conversation
    raise ChatAccessDenied


def conversation_get_for_agent(*, conversation_id: int, user: Any) -> Conversation:
    """Any conversation, for staff with the agent role (they all work the same queue)."""
    if not is_agent(user):
        raise ChatAccessDenied
    conversation = (
        Conversation.objects.select_related("agent", "topic").filter(pk=conversation_id).first()
    )
    if conversation is None:
        raise ChatAccessDenied
    return conversation


def can_act_for(user: Any, *, assigned_agent_id: int | None) -> bool:
    """The one rule for who may write to, transfer or close a conversation: the agent it is
    assigned to (``assigned_agent_id``), or a supervisor. The message writer's one-statement
    path (chat.services.messages) states the same rule in SQL."""
    return (
        assigned_agent_id is not None and assigned_agent_id == getattr(user, "pk", None)
    ) or is_supervisor(user)


def attachment_get_for(conversation: Conversation, attachment_id: int) -> ChatAttachment:
    """A file of ``conversation`` (already access-checked by one of the functions above).
    ChatAccessDenied otherwise, including for another conversation's file."""
    attachment = ChatAttachment.objects.filter(
        pk=attachment_id, message__conversation_id=conversation.pk
    ).first()
    if attachment is None:
        raise ChatAccessDenied
    return attachment
