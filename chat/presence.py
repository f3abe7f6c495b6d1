"""Who is on a ticket or a chat right now ("Li Na is viewing", "Li Na is replying"): frames on
the agent socket, never stored. An agent socket announces ``presence`` for a subject
(``ticket:<reference>`` or ``chat:<id>``); it joins that subject's group and every other agent
socket in it gets a ``presence`` frame. A socket that hears a colleague for the first time
answers with its own state, so someone who opens the page later learns who is already there.
Closing the socket says ``left`` everywhere it was. Browsers also drop a colleague not heard
again within PRESENCE_TTL_SECONDS (each page repeats its state every 20 s)."""

from typing import Any

from accounts.roles import is_agent
from chat import access, events, protocol
from core import realtime
from tickets import access as ticket_access
from tickets.models import Ticket

PRESENCE_TTL_SECONDS = 60


def presence_group(subject: str) -> str:
    """The channel-layer group of a subject (group names allow letters, digits, - _ .)."""
    kind, _, key = subject.partition(":")
    return f"presence.{kind}.{key}"


def subject_allowed(user: Any, subject: str) -> bool:
    """Whether ``user`` may be seen on ``subject``: an agent, and the ticket or chat exists
    (through the apps' access functions, which fetch and check)."""
    if not is_agent(user):
        return False
    kind, _, key = subject.partition(":")
    if kind == "ticket":
        try:
            ticket_access.ticket_get_for(user, key)
        except Ticket.DoesNotExist:
            return False
        return True
    try:
        access.conversation_get_for_agent(conversation_id=int(key), user=user)
    except access.ChatAccessDenied:
        return False
    return True


async def announce(subject: str, agent: dict[str, Any], state: str) -> None:
    """Send ``agent``'s state on ``subject`` to every socket in its group, at once (ephemeral,
    like typing: nothing to commit)."""
    frame = protocol.presence_frame(subject=subject, agent=agent, state=state)
    await realtime.send_collected([(presence_group(subject), events.event(frame))])
