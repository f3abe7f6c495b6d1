"""The inbox's rows as HTML, written in Python: the same markup as the template of record,
``workspace/_row.html``, for a whole list at once.

A view of 150 rows spent most of its render walking that template (about thirty tags a row);
this writes each row in a few microseconds instead (figures in docs/performance.md). Every
value is escaped as the template escapes it; tests/workspace/test_rows.py holds the output
equal to the template's for rows of every kind and state, so a change to the row's markup
is made in both (the test fails until it is).
"""

import datetime as dt
import functools
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.i18n import localized
from core.templatetags.icons import icon_svg
from workspace.row_texts import RowTexts, row_texts
from workspace.selectors import Row


def _e(value: Any) -> str:
    """``{{ value }}`` of a plain (not marked safe) value: what Django's escape writes."""
    return escape(str(value))


_LABELS: dict[str, str] = {}


def _label(value: Any) -> str:
    """``_e`` of one of the few values rows repeat (kind, status, channel and state labels),
    escaped once and kept (the escape depends only on the text)."""
    text = str(value)
    escaped = _LABELS.get(text)
    if escaped is None:
        if len(_LABELS) > 1000:  # only fixed texts come here; a bound all the same
            _LABELS.clear()
        escaped = _LABELS[text] = escape(text)
    return escaped


@dataclass(frozen=True)
class _Fixed:
    """A row's fixed HTML in one language, escaped once."""

    texts: RowTexts
    wallet_user: str
    guest: str
    unread: str
    agent: str
    unassigned: str
    ago: str
    select: str
    rated: str


@functools.lru_cache(maxsize=8)
def _fixed(texts: RowTexts) -> _Fixed:
    return _Fixed(
        texts=texts,
        wallet_user=(
            f'<span class="badge badge--green ib-row__who">{_e(texts.wallet_user)}</span>'
        ),
        guest=f'<span class="ib-row__who ib-row__who--guest">{_e(texts.guest)}</span>',
        unread=(
            '<span class="ib-row__unread"><span class="visually-hidden">'
            f"{_e(texts.unread)}</span></span>"
        ),
        agent=f'<span class="ib-row__you">{_e(texts.agent)}</span> ',
        unassigned=f'<span class="ib-row__nobody">{_e(texts.unassigned)}</span>',
        ago=texts.ago,
        select=texts.select,
        rated=texts.rated,
    )


def _iso(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """``{{ moment|date:'c' }}`` of an aware datetime: in the current time zone ``zone``."""
    return escape(moment.astimezone(zone).isoformat())


def render_row(row: Row, *, list_query: str = "", pane_key: str | None = None) -> str:
    """One row, equal to ``workspace/_row.html`` rendered with ``row``, ``list_query`` and
    ``pane_key``."""
    query = f"?{_e(list_query)}" if list_query else ""
    return _write(row, query, pane_key, _fixed(row_texts()), timezone.get_current_timezone())


def _write(row: Row, query: str, pane_key: str | None, fixed: _Fixed, zone: dt.tzinfo) -> str:
    unread = " ib-row--unread" if row.unread else ""
    current = ' aria-current="true"' if row.key == pane_key else ""
    who = ""
    if row.wallet_user:
        who = fixed.wallet_user
    elif not row.customer_id:
        who = fixed.guest
    topic = f'<span class="ib-row__topic">{_e(row.topic)}</span>' if row.topic else ""
    tags = ""
    if row.tags:
        chips = "".join(
            f'<span class="tag-chip tag-chip--{_e(tag.colour or "grey")}">'
            f"{_e(localized(tag, 'name'))}</span>"
            for tag in row.tags
        )
        tags = f'<span class="ib-row__tags">{chips}</span>'
    pick = ""
    if row.kind == "ticket":
        label = fixed.select % {"title": _e(row.title)}
        pick = (
            '<input type="checkbox" class="ib-row__check" form="ib-bulk" name="references" '
            f'value="{_e(row.key[7:])}" aria-label="{label}">'
        )
    unread_mark = fixed.unread if row.unread else ""
    title = f'<span class="ib-row__title">{_e(row.title)}</span>' if row.title else ""
    preview = ""
    if row.preview:
        you = "" if row.preview_from_customer else fixed.agent
        preview = f'<span class="ib-row__preview">{you}{_e(row.preview)}</span>'
    sla = row.sla
    if sla:
        left = ""
        if sla["left"]:
            due = _iso(sla["due_at"], zone)
            left = f' · <time datetime="{due}">{_e(sla["left"])}</time>'
        label = _label(sla["label"])
        state = f'<span class="sla sla--{_label(sla["state"])}">{label}{left}</span>\n        '
    else:
        state = (
            f'<span class="ib-row__status ib-row__status--{_label(row.status)}">'
            f"{_label(row.status_label)}</span>"
        )
    rating = ""
    if row.rating:
        rated = fixed.rated % {"score": _e(row.rating)}
        rating = f'<span class="ib-row__rating">{rated}</span>'
    assignee = _e(row.assignee) if row.assignee else fixed.unassigned
    ago = fixed.ago % {"age": _e(row.age)}
    at = _iso(row.at, zone)
    channel = _label(row.channel)
    return (
        f'  <li class="ib-row ib-row--{_label(row.kind)}{unread}" data-key="{_e(row.key)}">\n'
        f'    <span class="ib-row__pick">{pick}</span>\n'
        f'    <a class="ib-row__link" href="{_e(row.url)}{query}"{current}>\n'
        f'      <span class="ib-row__channel" title="{channel}">{icon_svg(row.icon)}'
        f'<span class="visually-hidden">{channel}</span></span>\n'
        '      <span class="ib-row__main">\n'
        '        <span class="ib-row__top">\n'
        f'          <span class="ib-row__customer">{_e(row.customer)}</span>\n'
        f"          {who}\n"
        f"          {topic}\n"
        f"          {tags}\n"
        f"          {unread_mark}\n"
        "        </span>\n"
        f"        {title}\n"
        f"        {preview}\n"
        "      </span>\n"
        '      <span class="ib-row__side">\n'
        f"        {state}\n"
        f"        {rating}\n"
        f'        <span class="ib-row__meta">{assignee} · <time datetime="{at}">{ago}</time>'
        "</span>\n"
        "      </span>\n"
        "    </a>\n"
        "  </li>\n"
    )


def render_rows(
    rows: list[Row], *, list_query: str = "", pane_key: str | None = None
) -> SafeString:
    """Every row of a list, as ``render_row`` writes each (escaped value by value), with the
    row texts, the query and the time zone looked up once for the list."""
    query = f"?{_e(list_query)}" if list_query else ""
    fixed = _fixed(row_texts())
    zone = timezone.get_current_timezone()
    html = "".join(_write(row, query, pane_key, fixed, zone) for row in rows)
    return mark_safe(html)  # noqa: S308 (every value above is escaped)
