"""Periodic tasks of the live chat (merged into the beat schedule by helpcenter.celery)."""

# Every 15 s so that a dropped agent's chats return to the queue within grace + 15 s; each run
# expires before the next is due.
BEAT = {
    "chat-sweep-disconnected-agents": {
        "task": "chat.sweep_disconnected_agents",
        "schedule": 15.0,
        "options": {"expires": 14},
    },
    # Every 15 s: an abandoned queue chat or an unanswered one is handled within 15 s of its
    # limit (CHAT_ABANDON_SECONDS, CHAT_FIRST_REPLY_SECONDS).
    "chat-sweep-unattended": {
        "task": "chat.sweep_unattended",
        "schedule": 15.0,
        "options": {"expires": 14},
    },
}
