"""Who may open which conversation. Every lookup by id goes through a function here, which
fetches *and* checks; nobody trusts an id sent by a client on its own."""

from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core import signing

from accounts.roles import is_agent, is_supervisor
from chat.models import ChatAttachment, Conversation

TOKEN_SALT = "chat.customer"  # noqa: S105 - a signing namespace, not a secret
TOKEN_MAX_AGE_SECONDS = 30 * 24 * 3600
# The Django session remembers the conversations this browser started.
SESSION_KEY = "chat_conversations"
SESSION_MAX_CONVERSATIONS = 20


class ChatAccessDenied(Exception):
    """Not this caller's conversation (or not found: the two are not told apart)."""


def conversation_token(conversation_id: int) -> str:
    """A signed token proving its bearer started ``conversation_id``."""
    return signing.dumps({"c": conversation_id}, salt=TOKEN_SALT, compress=False)


def conversation_id_from_token(token: str) -> int | None:
    """The conversation a token was issued for, or None when it is forged or expired."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    value = data.get("c") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def session_remember(session: SessionBase, conversation_id: int) -> None:
    ids = [i for i in session.get(SESSION_KEY, []) if i != conversation_id]
    session[SESSION_KEY] = [*ids, conversation_id][-SESSION_MAX_CONVERSATIONS:]


def conversation_get_for_customer(
    *,
    conversation_id: int,
    user: Any = None,
    session: SessionBase | None = None,
    token: str = "",
) -> Conversation:
    """The conversation, if the caller proves it is theirs: a token issued for it, this session
    having started it, or being the logged-in customer it belongs to. Raises ChatAccessDenied."""
    conversation = (
        Conversation.objects.select_related("agent", "topic").filter(pk=conversation_id).first()
    )
    if conversation is None:
        raise ChatAccessDenied
    if token and conversation_id_from_token(token) == conversation.pk:
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
