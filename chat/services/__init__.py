"""Every write of the live chat. Each service runs in one transaction, takes the conversation's
row lock where order matters (seq numbers, assignment), and queues its frames with
``transaction.on_commit`` through chat.events, so a frame never announces a rolled-back row.

Callers use ``from chat import services`` and the names below; the modules split the work:
``base`` (errors, the row lock, notifications), ``messages`` (the one writer of messages, with
or without files, and system lines), ``conversations`` (the customer's side), ``routing``
(agents, queue, transfer, grace sweep), ``ticketing`` (chats that become tickets),
``unattended`` (abandoned queue chats and unanswered assignments), ``supervision``
(supervisors reassign, watch, join and take over chats).
"""

from chat.services.base import (
    ChatError,
    NoAgentAvailable,
    SendResult,
    TicketsUnavailable,
    notify_queue,
)
from chat.services.conversations import (
    conversation_close,
    conversation_rate,
    conversation_start,
    conversation_token_rotate,
    conversations_claim_by_email,
    read_mark,
    transcript_request,
)
from chat.services.messages import message_send, message_send_files
from chat.services.routing import (
    AGENT_GRACE_SECONDS,
    agent_heartbeat,
    agent_set_status,
    agents_sweep_disconnected,
    conversation_accept,
    conversation_transfer,
    route_waiting,
)
from chat.services.supervision import (
    conversation_join,
    conversation_reassign,
    conversation_take_over,
    conversation_watch,
)
from chat.services.ticketing import conversation_convert, leave_message
from chat.services.unattended import (
    conversations_sweep_unattended,
    customer_back,
    customer_left,
)

__all__ = [
    "AGENT_GRACE_SECONDS",
    "ChatError",
    "NoAgentAvailable",
    "SendResult",
    "TicketsUnavailable",
    "agent_heartbeat",
    "agent_set_status",
    "agents_sweep_disconnected",
    "conversation_accept",
    "conversation_close",
    "conversation_convert",
    "conversation_join",
    "conversation_rate",
    "conversation_reassign",
    "conversation_start",
    "conversation_take_over",
    "conversation_token_rotate",
    "conversation_transfer",
    "conversation_watch",
    "conversations_claim_by_email",
    "conversations_sweep_unattended",
    "customer_back",
    "customer_left",
    "leave_message",
    "message_send",
    "message_send_files",
    "notify_queue",
    "read_mark",
    "route_waiting",
    "transcript_request",
]
