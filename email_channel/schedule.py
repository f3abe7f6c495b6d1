"""Periodic tasks of the e-mail channel (merged into the beat schedule by helpcenter.celery)."""

BEAT = {
    "email-channel-poll": {
        "task": "email_channel.poll_mailboxes",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
}
