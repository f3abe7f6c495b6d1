"""The conversation pane's thread as HTML, written in Python: the same markup as the template
of record, ``workspace/_thread.html``, for a whole thread at once.

A thread is the part of the pane that grows: the template walked some twenty tags per message
(two ``date`` filters, a ``with``, the icon, translations), so a long conversation cost
milliseconds on every open and every live refresh. This writes each message in microseconds
instead (figures in docs/performance.md). Every value is escaped as the template escapes it;
tests/workspace/test_thread.py holds the output equal to the template's for every kind of
item (customer messages, replies, notes, system events, chat lines, files), hostile text
included, in both languages; a change to the thread's markup is made in both.
"""

from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from core.templatetags.icons import icon_svg


def _e(value: Any) -> str:
    """``{{ value }}``."""
    return str(conditional_escape(str(value)))


def _time(moment: Any) -> str:
    """``<time datetime="{{ at|date:'c' }}">{{ at|date:"m-d H:i" }}</time>``."""
    local = template_localtime(moment)
    return (
        f'<time datetime="{_e(date_filter(local, "c"))}">{_e(date_filter(local, "m-d H:i"))}</time>'
    )


def _files(links: list[tuple[str, str, int]]) -> str:
    if not links:
        return ""
    clip = icon_svg("clip")
    items = "".join(
        f'<li><a href="{_e(url)}" target="_blank" rel="noopener">{clip} {_e(name)} '
        f'<span class="wp-muted">({_e(filesizeformat(size))})</span></a></li>'
        for url, name, size in links
    )
    return f'<ul class="wp-files" aria-label="{_e(gettext("Attachments"))}">{items}</ul>'


def _event(item: dict[str, Any]) -> str:
    chat = item.get("chat")
    if chat:
        text = f"<span>{_e(chat.body)}</span>\n  "
    else:
        change = ""
        if item.get("old") or item.get("new"):
            old = f"{_e(item['old'])} → " if item.get("old") else ""
            change = f": {old}{_e(item.get('new') or '—')}"
        actor = f" · {_e(item['actor'])}" if item.get("actor") else ""
        text = (
            f"<span><strong>{_e(item['event'].get_kind_display())}</strong>{change}{actor}</span>"
        )
    return f'\n<li class="wp-event">\n  {text}\n  {_time(item["at"])}\n</li>\n'


def _chat_message(item: dict[str, Any], pane: dict[str, Any]) -> str:
    message = item["chat"]
    agent = message.sender_kind == "agent"
    if message.sender_kind == "customer":
        author = pane["conversation"].customer_name
    else:
        author = message.sender_name or gettext("Agent")
    body = f'<p class="wp-msg__body">{_e(message.body)}</p>' if message.body else ""
    files = _files([(f["url"], f["name"], f["size"]) for f in item.get("files") or ()])
    return (
        f'\n<li class="wp-msg {"wp-msg--agent" if agent else "wp-msg--customer"}" '
        f'id="wp-m{_e(message.seq)}" data-seq="{_e(message.seq)}">\n'
        f'  <div class="wp-msg__head">\n'
        f'    <span class="wp-msg__author">{_e(author)}</span>\n'
        f'    <span class="wp-tag">{_e(gettext("Agent") if agent else gettext("Customer"))}'
        f"</span>\n"
        f"    {_time(message.created_at)}\n"
        f"  </div>\n"
        f"  {body}\n"
        f"  {files}\n"
        f"</li>\n"
    )


def _ticket_message(item: dict[str, Any], pane: dict[str, Any]) -> str:
    message = item["message"]
    if message.internal:
        kind = "wp-msg--note"
        tag = (
            f'<span class="wp-tag wp-tag--note">{icon_svg("lock")} '
            f"{_e(gettext('Internal note'))}</span>"
        )
    elif message.author_kind == "agent":
        kind = "wp-msg--agent"
        tag = f'<span class="wp-tag wp-tag--reply">{_e(gettext("Public reply"))}</span>'
    else:
        kind = "wp-msg--customer"
        tag = f'<span class="wp-tag">{_e(gettext("Customer"))}</span>'
    if message.author_kind == "customer":
        author = pane["ticket"].customer_name
    elif message.author:
        author = message.author.get_full_name() or message.author.username
    else:
        author = gettext("System")
    reference = pane["ticket"].reference
    files = _files(
        [
            (
                reverse(
                    "tickets:ticket-file",
                    kwargs={"reference": reference, "attachment_id": file.pk},
                ),
                file.original_name,
                file.size,
            )
            for file in message.attachments.all()
        ]
    )
    return (
        f'\n<li class="wp-msg {kind}" id="wp-m{_e(message.pk)}" data-message="{_e(message.pk)}">\n'
        f'  <div class="wp-msg__head">\n'
        f'    <span class="wp-msg__author">{_e(author)}</span>\n'
        f"    {tag}\n"
        f"    {_time(message.created_at)}\n"
        f"  </div>\n"
        f'  <p class="wp-msg__body">{_e(message.body)}</p>\n'
        f"  {files}\n"
        f"</li>\n"
    )


def render_thread(pane: dict[str, Any]) -> SafeString:
    """The items of ``pane["thread"]`` (workspace.panes), equal to ``workspace/_thread.html``
    rendered with ``pane``."""
    out = []
    for item in pane["thread"]:
        if item["kind"] == "event":
            out.append(f"\n{_event(item)}\n")
        elif item.get("chat"):
            out.append(f"\n{_chat_message(item, pane)}\n")
        else:
            out.append(f"\n{_ticket_message(item, pane)}\n")
    if not out:
        out.append(f'<li class="wp-event">{_e(gettext("No messages yet."))}</li>\n')
    out.append("\n")
    return mark_safe("".join(out))  # noqa: S308  (every value escaped as the template does)
