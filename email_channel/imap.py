"""IMAP polling (imap-tools). One worker at a time per mailbox: a lease row update decides who
polls. A message is marked read (or moved) only after it is stored; a worker that dies in
between leaves it unread, and the next poll finds its Message-ID already taken in and only
marks it.
"""

import datetime as dt
import imaplib
import logging
import ssl
import uuid

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from imap_tools import ImapToolsError, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage

from email_channel import secrets
from email_channel.models import Mailbox
from email_channel.services import inbound_emails_receive

logger = logging.getLogger(__name__)

BATCH = 100


class _RawMessage(MailMessage):
    """imap-tools' message reduced to the exact bytes the server sent and its UID: the intake
    parses the bytes itself (``email_channel.parsing``), so imap-tools' own parse of every
    message would be done for nothing (``obj`` and the properties built on it are not used)."""

    def __init__(self, fetch_data: list) -> None:
        self.raw, self._raw_uid_data, self._raw_flag_data = self._get_message_data_parts(fetch_data)


class _Ssl(MailBox):
    email_message_class = _RawMessage


class _StartTls(MailBoxStartTls):
    email_message_class = _RawMessage


class _Plain(MailBoxUnencrypted):
    email_message_class = _RawMessage


def _connect(mailbox: Mailbox):
    context = ssl.create_default_context()
    if mailbox.security == Mailbox.Security.SSL:
        client = _Ssl(mailbox.host, mailbox.port, ssl_context=context, timeout=30)
    elif mailbox.security == Mailbox.Security.STARTTLS:
        client = _StartTls(mailbox.host, mailbox.port, ssl_context=context, timeout=30)
    else:
        client = _Plain(mailbox.host, mailbox.port, timeout=30)
    password = secrets.mailbox_password(
        password_env=mailbox.password_env, password_encrypted=mailbox.password_encrypted
    )
    return client.login(mailbox.username, password, initial_folder=mailbox.folder)


def lease_take(mailbox_id: int, owner: str) -> bool:
    """Take the mailbox's lease for ``EMAIL_POLL_LEASE_SECONDS`` in one conditional UPDATE: of
    any number of workers racing, one gets it; an expired lease (dead worker) can be taken."""
    now = timezone.now()
    return bool(
        Mailbox.objects.filter(pk=mailbox_id, is_active=True)
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .update(
            lease_owner=owner,
            lease_expires_at=now + dt.timedelta(seconds=settings.EMAIL_POLL_LEASE_SECONDS),
        )
    )


def _lease_renew(mailbox_id: int, owner: str) -> bool:
    expires = timezone.now() + dt.timedelta(seconds=settings.EMAIL_POLL_LEASE_SECONDS)
    return bool(
        Mailbox.objects.filter(pk=mailbox_id, lease_owner=owner).update(lease_expires_at=expires)
    )


def _lease_release(mailbox_id: int, owner: str, **fields: object) -> None:
    Mailbox.objects.filter(pk=mailbox_id, lease_owner=owner).update(
        lease_owner="", lease_expires_at=None, **fields
    )


def _mark(client, mailbox: Mailbox, uids: list[str]) -> None:
    """Mark stored messages read, or move them, so the next poll does not fetch them."""
    if not uids:
        return
    if mailbox.move_to:
        client.move(uids, mailbox.move_to)
    else:
        client.flag(uids, "\\Seen", True)


def mailbox_poll(*, mailbox_id: int) -> int:
    """Fetch the mailbox's unread messages, file each (``inbound_email_receive``) and mark
    it. Returns how many were taken in; 0 when another worker holds the lease."""
    owner = uuid.uuid4().hex
    if not lease_take(mailbox_id, owner):
        return 0
    mailbox = Mailbox.objects.get(pk=mailbox_id)
    taken = 0
    error = ""
    try:
        with _connect(mailbox) as client:
            seen: set[str] = set()
            while True:
                # One search, then the unread in slices of BATCH; search again at the end for
                # mail that arrived meanwhile.
                unread = [uid for uid in client.uids("UNSEEN") if uid not in seen]
                if not unread:
                    break
                renewed = True
                for start in range(0, len(unread), BATCH):
                    uids = unread[start : start + BATCH]
                    fetched = list(client.fetch(uid_list=uids, mark_seen=False, bulk=True))
                    inbound_emails_receive(raws=[m.raw for m in fetched], mailbox=mailbox)
                    # Stored (committed): only now mark them, in one command per batch.
                    _mark(client, mailbox, [m.uid for m in fetched])
                    seen.update(uids)
                    taken += len(fetched)
                    renewed = _lease_renew(mailbox_id, owner)
                    if not renewed:
                        break  # the lease expired and someone else polls now
                if not renewed:
                    break
    except (ImapToolsError, imaplib.IMAP4.error, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
        logger.warning("imap poll failed", extra={"mailbox": mailbox_id, "error": error})
    finally:
        _lease_release(mailbox_id, owner, last_polled_at=timezone.now(), last_error=error)
    return taken


def mailboxes_poll() -> int:
    """Poll every active mailbox (each under its lease); the number of messages taken in."""
    ids = Mailbox.objects.filter(is_active=True).values_list("id", flat=True)
    return sum(mailbox_poll(mailbox_id=pk) for pk in ids)
