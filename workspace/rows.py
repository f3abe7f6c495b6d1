"""The inbox's rows as HTML, written in Python: the same markup as the template of record,
``workspace/_row.html``, for a whole list at once.

A view of 150 rows spent most of its render walking that template (about thirty tags a row);
this writes each row in a few microseconds instead (figures in docs/performance.md). Every
value is escaped as the template escapes it; tests/workspace/test_rows.py holds the output
equal to the template's for rows of every kind and state, so a change to the row's markup
is made in both (the test fails until it is).
"""

from typing import Any

from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from core.i18n import localized
from core.templatetags.icons import icon_svg
from workspace.selectors import Row


def _e(value: Any) -> str:
    return conditional_escape(str(value))


def _iso(moment: Any) -> str:
    """``{{ moment|date:'c' }}``: in the current time zone, as the template's filter."""
    return _e(date_filter(template_localtime(moment), "c"))


def render_row(row: Row, *, list_query: str = "", pane_key: str | None = None) -> str:
    """One row, equal to ``workspace/_row.html`` rendered with ``row``, ``list_query`` and
    ``pane_key``."""
    unread = " ib-row--unread" if row.unread else ""
    query = f"?{_e(list_query)}" if list_query else ""
    current = ' aria-current="true"' if row.key == pane_key else ""
    who = ""
    if row.wallet_user:
        who = (
            '<span class="badge badge--green ib-row__who">'
            f"{_e(gettext('Wallet user, signed in'))}</span>"
        )
    elif not row.customer_id:
        who = f'<span class="ib-row__who ib-row__who--guest">{_e(gettext("Guest"))}</span>'
    topic = f'<span class="ib-row__topic">{_e(row.topic)}</span>' if row.topic else ""
    tags = ""
    if row.tags:
        chips = "".join(
            f'<span class="tag-chip tag-chip--{_e(tag.colour or "grey")}">'
            f'{_e(localized(tag, "name"))}</span>'
            for tag in row.tags
        )
        tags = f'<span class="ib-row__tags">{chips}</span>'
    pick = ""
    if row.kind == "ticket":
        label = gettext("Select %(title)s") % {"title": _e(row.title)}
        pick = (
            '<input type="checkbox" class="ib-row__check" form="ib-bulk" name="references" '
            f'value="{_e(row.key[7:])}" aria-label="{label}">'
        )
    unread_mark = (
        '<span class="ib-row__unread"><span class="visually-hidden">'
        f"{_e(gettext('Unread'))}</span></span>"
        if row.unread
        else ""
    )
    title = f'<span class="ib-row__title">{_e(row.title)}</span>' if row.title else ""
    preview = ""
    if row.preview:
        you = (
            ""
            if row.preview_from_customer
            else f'<span class="ib-row__you">{_e(gettext("Agent:"))}</span> '
        )
        preview = f'<span class="ib-row__preview">{you}{_e(row.preview)}</span>'
    if row.sla:
        left = ""
        if row.sla["left"]:
            due = _iso(row.sla["due_at"])
            left = f' · <time datetime="{due}">{_e(row.sla["left"])}</time>'
        state = (
            f'<span class="sla sla--{_e(row.sla["state"])}">{_e(row.sla["label"])}{left}</span>'
            "\n        "
        )
    else:
        state = (
            f'<span class="ib-row__status ib-row__status--{_e(row.status)}">'
            f"{_e(row.status_label)}</span>"
        )
    rating = ""
    if row.rating:
        rated = gettext("Rated %(score)s/5") % {"score": _e(row.rating)}
        rating = f'<span class="ib-row__rating">{rated}</span>'
    assignee = (
        _e(row.assignee)
        if row.assignee
        else f'<span class="ib-row__nobody">{_e(gettext("Unassigned"))}</span>'
    )
    ago = gettext("%(age)s ago") % {"age": _e(row.age)}
    at = _iso(row.at)
    return (
        f'  <li class="ib-row ib-row--{_e(row.kind)}{unread}" data-key="{_e(row.key)}">\n'
        f'    <span class="ib-row__pick">{pick}</span>\n'
        f'    <a class="ib-row__link" href="{_e(row.url)}{query}"{current}>\n'
        f'      <span class="ib-row__channel" title="{_e(row.channel)}">{icon_svg(row.icon)}'
        f'<span class="visually-hidden">{_e(row.channel)}</span></span>\n'
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
    """Every row of a list, as ``render_row`` writes each (escaped value by value)."""
    html = "".join(render_row(row, list_query=list_query, pane_key=pane_key) for row in rows)
    return mark_safe(html)  # noqa: S308 (every value above is escaped)
