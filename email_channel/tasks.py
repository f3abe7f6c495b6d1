"""Celery tasks: thin wrappers around the IMAP poll."""

from celery import shared_task

from email_channel import imap


@shared_task(name="email_channel.poll_mailboxes")
def poll_mailboxes() -> int:
    """Beat: fetch new mail from every active mailbox (one worker per mailbox, by lease)."""
    return imap.mailboxes_poll()
