"""Routes outside the language prefix: the chat's JSON API (docs/chat-protocol.md)."""

from django.urls import path

from chat.api import agents, customers, files, security

app_name = "chat_api"

urlpatterns = [
    path("api/chat/availability", customers.availability, name="availability"),
    path("api/chat/topics", customers.topics, name="topics"),
    path("api/chat/conversations", customers.conversation_start, name="start"),
    path(
        "api/chat/conversations/<int:conversation_id>", customers.conversation_detail, name="detail"
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/close",
        customers.conversation_close,
        name="close",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/token/rotate",
        customers.conversation_token_rotate,
        name="token-rotate",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/rating",
        customers.conversation_rating,
        name="rating",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/transcript",
        customers.conversation_transcript,
        name="transcript",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/accept",
        agents.conversation_accept,
        name="accept",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/transfer",
        agents.conversation_transfer,
        name="transfer",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/convert",
        agents.conversation_convert,
        name="convert",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/context",
        agents.conversation_context,
        name="context",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/files",
        files.message_files,
        name="files",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/files/<int:attachment_id>",
        files.attachment_download,
        name="attachment",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/freeze",
        security.conversation_freeze,
        name="freeze",
    ),
    path("api/chat/leave-message", customers.leave_message, name="leave-message"),
    path("api/chat/agent/state", agents.agent_state, name="agent-state"),
    path("api/chat/agent/status", agents.agent_status, name="agent-status"),
    path("api/chat/agents", agents.agents, name="agents"),
    path("api/chat/canned", agents.canned, name="canned"),
]
