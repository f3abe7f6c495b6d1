"""Incoming e-mails as the bytes a mail server hands over, built for tests."""

import base64
import quopri
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

from tests.tickets.factories import PDF_BYTES, png_bytes  # noqa: F401 - re-exported for tests


def build(
    *,
    sender: str = "Wang Fang <wang@example.com>",
    to: str = "support@wallet.example",
    subject: str = "My payment failed",
    body: str = "The payment failed at checkout with error 51.",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    headers: dict[str, str] | None = None,
    html: str | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> bytes:
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="example.com")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def encoded(
    *, text: str, subject: str, charset: str, transfer: str, sender: str = "wang@example.com"
) -> bytes:
    """A plain-text mail whose body is in ``charset`` with Content-Transfer-Encoding
    ``transfer`` and whose subject is an RFC 2047 word in the same charset."""
    data = text.encode(charset)
    if transfer == "base64":
        payload = base64.encodebytes(data)
    elif transfer == "quoted-printable":
        payload = quopri.encodestring(data)
    else:
        payload = data
    word = base64.b64encode(subject.encode(charset)).decode()
    head = (
        f"From: {sender}\r\nTo: support@wallet.example\r\n"
        f"Subject: =?{charset}?B?{word}?=\r\n"
        f"Message-ID: {make_msgid(domain='example.com')}\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: text/plain; charset="{charset}"\r\n'
        f"Content-Transfer-Encoding: {transfer}\r\n\r\n"
    )
    return head.encode() + payload


# A delivery status notification: our mail to gone@example.com bounced.
DSN = (
    b"From: MAILER-DAEMON@mx.example.com\r\n"
    b"To: support@wallet.example\r\n"
    b"Return-Path: <>\r\n"
    b"Subject: Undelivered Mail Returned to Sender\r\n"
    b"Message-ID: <dsn-1@mx.example.com>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
    b"--b\r\nContent-Type: text/plain\r\n\r\nThis is the mail system. Delivery failed.\r\n"
    b"--b\r\nContent-Type: message/delivery-status\r\n\r\n"
    b"Reporting-MTA: dns; mx.example.com\r\n\r\n"
    b"Final-Recipient: rfc822; gone@example.com\r\n"
    b"Action: failed\r\nStatus: 5.1.1\r\n"
    b"Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
    b"--b--\r\n"
)
