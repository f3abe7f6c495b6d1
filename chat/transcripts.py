"""Chat transcripts: as plain text (for tickets) and as the customer's e-mail (HTML + text)."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from chat import selectors
from chat.models import Conversation, Message
from core.i18n import localized
from core.mail import Email


def _lines(conversation: Conversation) -> list[dict[str, Any]]:
    lines = []
    for message in selectors.conversation_messages(conversation_id=conversation.pk):
        lines.append(
            {
                "time": timezone.localtime(message.created_at).strftime("%Y-%m-%d %H:%M"),
                "who": message.sender_name or str(Message.SenderKind(message.sender_kind).label),
                "kind": message.sender_kind,
                "body": message.body,
                # Names only: the files stay behind the chat's access check.
                "files": [a.original_name for a in message.attachments.all()]
                if message.has_attachments
                else [],
            }
        )
    return lines


def _text_line(line: dict[str, Any]) -> str:
    parts = [line["body"]] if line["body"] else []
    if line["files"]:
        parts.append("(" + gettext("Files: %(names)s") % {"names": ", ".join(line["files"])} + ")")
    return f"[{line['time']}] {line['who']}: {' '.join(parts)}"


def transcript_text(conversation: Conversation) -> str:
    """The conversation as plain text, one line per message (with the names of its files), in
    its language."""
    with translation.override(conversation.language):
        return "\n".join(_text_line(line) for line in _lines(conversation))


def build_transcript_email(conversation: Conversation, email: str) -> EmailMultiAlternatives:
    """The transcript e-mail in the conversation's language (Chinese or English): plain text
    and HTML, bodies escaped in the HTML part."""
    with translation.override(conversation.language):
        context = {
            "conversation": conversation,
            "lines": _lines(conversation),
            "started": timezone.localtime(conversation.created_at).strftime("%Y-%m-%d %H:%M"),
            "topic_name": localized(conversation.topic, "name") if conversation.topic else "",
            "site_url": settings.SITE_URL,
            "LANGUAGE_CODE": conversation.language,
        }
        subject = render_to_string("emails/chat/transcript.subject.txt", context)
        text = render_to_string("emails/chat/transcript.txt", context)
        html = render_to_string("emails/chat/transcript.html", context)
    message = Email(subject=subject, body=text, to=[email])
    message.attach_alternative(html, "text/html")
    return message


def transcript_send(*, conversation_id: int, email: str) -> bool:
    """Send the transcript of ``conversation_id`` to ``email``; False when it no longer exists."""
    conversation = Conversation.objects.select_related("topic").filter(pk=conversation_id).first()
    if conversation is None:
        return False
    build_transcript_email(conversation, email).send()
    return True
