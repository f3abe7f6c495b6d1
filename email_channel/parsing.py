"""Raw RFC 5322 bytes to what the intake needs: addresses, threading headers, the text of the
new reply (quoted history cut off, ``email_channel.quoting``), attachments, and whether the
message is automatic (auto-reply, bounce, mailing list) and must never be answered.

Chinese mail often mislabels its charset (GBK text declared as GB2312), so the GB family is
decoded as GB18030, their superset; 8-bit headers that declare nothing are tried as UTF-8,
then GB18030.
"""

import email
import email.policy
import hashlib
import html
import re
from dataclasses import dataclass, field
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses, parseaddr

import nh3

from email_channel import quoting

_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",  # Big5 plus the Hong Kong extensions, a superset
    "unknown-8bit": "utf-8",
    "us-ascii": "utf-8",
}


class UnparseableEmail(ValueError):
    """The message cannot be filed (no sender address, not a mail at all)."""


@dataclass
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass
class ParsedEmail:
    message_id: str
    sender: str
    sender_name: str
    recipients: list[str]
    subject: str
    in_reply_to: list[str]
    text: str
    attachments: list[Attachment] = field(default_factory=list)
    automatic: str = ""  # why it is automatic ("auto-reply", "list", …); empty: a person wrote
    bounced: list[str] = field(default_factory=list)  # recipients a bounce reports
    diagnostic: str = ""


def _charset(name: str | None) -> str:
    name = (name or "utf-8").lower().strip().strip('"')
    name = _CHARSET_ALIASES.get(name, name)
    try:
        "".encode(name)
    except LookupError:
        return "utf-8"
    return name


def _undo_surrogates(text: str) -> str:
    """An 8-bit header the parser kept as surrogate escapes: try UTF-8, then GB18030."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    data = text.encode("ascii", "surrogateescape")
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def header_text(value: object) -> str:
    """A header's text with RFC 2047 words decoded (in any listed charset)."""
    if value is None:
        return ""
    raw = _undo_surrogates(str(value))
    parts = []
    for chunk, charset in decode_header(raw):
        if isinstance(chunk, bytes):
            parts.append(chunk.decode(_charset(charset), "replace"))
        else:
            parts.append(chunk)
    return " ".join("".join(parts).split())


def _addresses(message: Message, *names: str) -> list[str]:
    values = [header_text(v) for name in names for v in message.get_all(name, [])]
    return [addr.lower() for _name, addr in getaddresses(values) if "@" in addr]


def _message_ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value)


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    return payload.decode(_charset(part.get_content_charset()), "replace")


_BLOCK_END = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h\d|/blockquote)\b[^>]*>", re.IGNORECASE)
_QUOTED_HTML = re.compile(
    r"<(div|blockquote)[^>]*(gmail_quote|type=\"?cite|divRplyFwdMsg|appendonsend)[^>]*>.*",
    re.IGNORECASE | re.DOTALL,
)


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body: sanitised by nh3 to no tags at all (scripts, styles and
    remote images go; nothing is ever rendered or fetched), the quoted part of a reply cut."""
    markup = _QUOTED_HTML.sub("", markup)
    markup = _BLOCK_END.sub("\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set()))
    return "\n".join(line.rstrip() for line in text.replace("\xa0", " ").splitlines()).strip()


def _is_attachment(part: Message) -> bool:
    disposition = (part.get_content_disposition() or "").lower()
    if disposition == "attachment":
        return True
    maintype = part.get_content_maintype()
    # Inline images (cid:) are kept as attachments; inline text parts are the body.
    return maintype not in ("text", "multipart", "message") or (
        disposition == "inline" and bool(part.get_filename())
    )


def _automatic(message: Message) -> str:
    auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
    if not auto_submitted.startswith("no"):
        return "auto-submitted"
    if (
        message.get("X-Autoreply")
        or message.get("X-Autorespond")
        or message.get("X-Autoreply-From")
    ):
        return "auto-reply"
    precedence = (message.get("Precedence") or "").strip().lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return f"precedence {precedence}"
    if message.get("List-Id") or message.get("List-Unsubscribe") or message.get("Mailing-List"):
        return "mailing list"
    if (message.get("Return-Path") or "").strip() == "<>":
        return "null sender"
    return ""


def _bounce(message: Message) -> tuple[list[str], str]:
    """Recipients and diagnostic of a delivery status notification (RFC 3464)."""
    if message.get_content_type() != "multipart/report":
        return [], ""
    recipients: list[str] = []
    diagnostic = ""
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in part.get_payload():
            action = (block.get("Action") or "").lower()
            final = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
            address = final.split(";", 1)[-1].strip().lower()
            if action == "failed" and "@" in address:
                recipients.append(address)
                diagnostic = diagnostic or (block.get("Diagnostic-Code") or "")[:300]
    return recipients, diagnostic


def parse(raw: bytes) -> ParsedEmail:
    """Parse one message; raises UnparseableEmail when it has no sender address."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if not message.keys():
        raise UnparseableEmail("no headers")
    # From, never Reply-To: who wrote decides whether they are a participant of the request.
    sender_name, sender = parseaddr(header_text(message.get("From")))
    if "@" not in sender:
        raise UnparseableEmail("no sender address")
    message_id = (_message_ids(header_text(message.get("Message-ID"))) or [""])[0]
    if not message_id:
        # Without one, the bytes themselves identify the message: the same mail fetched twice
        # is still filed once.
        message_id = f"<{hashlib.sha256(raw).hexdigest()}@no-message-id>"
    plain, markup, attachments = "", "", []
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_content_type() == "message/delivery-status":
            continue
        if _is_attachment(part):
            data = part.get_payload(decode=True) or b""
            name = header_text(part.get_filename() or "") or "attachment"
            attachments.append(Attachment(name, part.get_content_type(), data))
        elif part.get_content_type() == "text/plain" and not plain:
            plain = _part_text(part)
        elif part.get_content_type() == "text/html" and not markup:
            markup = _part_text(part)
    text = plain if plain.strip() else html_to_text(markup)
    bounced, diagnostic = _bounce(message)
    automatic = "bounce" if bounced else _automatic(message)
    return ParsedEmail(
        message_id=message_id[:255],
        sender=sender.lower(),
        sender_name=sender_name,
        recipients=_addresses(message, "To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"),
        subject=header_text(message.get("Subject"))[:200],
        in_reply_to=_message_ids(
            header_text(message.get("In-Reply-To")) + " " + header_text(message.get("References"))
        ),
        text=quoting.latest_reply(text),
        attachments=attachments,
        automatic=automatic,
        bounced=bounced,
        diagnostic=diagnostic,
    )
