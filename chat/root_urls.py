"""Routes outside the language prefix: the chat's JSON API (docs/chat-protocol.md)."""

from django.urls import path

from chat import api

app_name = "chat_api"

urlpatterns = [
    path("api/chat/availability", api.availability, name="availability"),
    path("api/chat/topics", api.topics, name="topics"),
    path("api/chat/conversations", api.conversation_start, name="start"),
    path("api/chat/conversations/<int:conversation_id>", api.conversation_detail, name="detail"),
    path(
        "api/chat/conversations/<int:conversation_id>/close",
        api.conversation_close,
        name="close",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/rating",
        api.conversation_rating,
        name="rating",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/transcript",
        api.conversation_transcript,
        name="transcript",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/accept",
        api.conversation_accept,
        name="accept",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/transfer",
        api.conversation_transfer,
        name="transfer",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/convert",
        api.conversation_convert,
        name="convert",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/context",
        api.conversation_context,
        name="context",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/files",
        api.message_files,
        name="files",
    ),
    path(
        "api/chat/conversations/<int:conversation_id>/files/<int:attachment_id>",
        api.attachment_download,
        name="attachment",
    ),
    path("api/chat/leave-message", api.leave_message, name="leave-message"),
    path("api/chat/agent/state", api.agent_state, name="agent-state"),
    path("api/chat/agent/status", api.agent_status, name="agent-status"),
    path("api/chat/agents", api.agents, name="agents"),
    path("api/chat/canned", api.canned, name="canned"),
]
