"""Periodic tasks of the live chat (merged into the beat schedule by helpcenter.celery)."""

# Every 15 s so that a dropped agent's chats return to the queue within grace + 15 s; each run
# expires before the next is due.
BEAT = {
    "chat-sweep-disconnected-agents": {
        "task": "chat.sweep_disconnected_agents",
        "schedule": 15.0,
        "options": {"expires": 14},
    },
}
