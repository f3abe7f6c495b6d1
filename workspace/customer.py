"""The pane's customer panel as HTML, written in Python: the same markup as the template of
record, ``workspace/_customer.html``.

The panel lists up to eight earlier requests and eight earlier chats, each with its address,
status, rating and date, and the articles read before contacting us: walking the template
(an ``url`` tag, a ``blocktranslate`` and two filters an item) was some forty per cent of the
pane's render. Every value is escaped as the template escapes it; the addresses come from
``workspace.selectors.row_url`` (held equal to ``reverse``) as the inbox rows' do.
tests/workspace/test_customer.py holds the output equal to the template's for guests, signed-in
customers and wallet users, with and without history, ratings and viewed articles, hostile
text included, in both languages; a change to the panel's markup is made in both.
"""

from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars, urlencode
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from workspace.panes import CustomerPanel
from workspace.selectors import row_url


def _e(value: Any) -> str:
    """``{{ value }}``."""
    return str(conditional_escape(value))


def _date(moment: Any, fmt: str) -> str:
    """``{{ moment|date:fmt }}``."""
    return _e(date_filter(template_localtime(moment), fmt))


def _of_five(score: Any) -> str:
    """``{% blocktranslate with score=... %}{{ score }} of 5{% endblocktranslate %}``."""
    return gettext("%(score)s of 5") % {"score": _e(score)}


def _account(customer: CustomerPanel) -> str:
    if customer.account == "wallet":
        return (
            f'<span class="wp-badge wp-badge--green">{_e(gettext("Wallet user, signed in"))}</span>'
        )
    if customer.account == "account":
        return _e(gettext("Signed-in customer"))
    return _e(gettext("Guest"))


def _rating(customer: CustomerPanel) -> str:
    rating = customer.rating
    if not rating:
        return f'<span class="wp-muted">{_e(gettext("Not rated yet"))}</span>'
    comment = f'<q class="wp-muted">{_e(rating["comment"])}</q>' if rating.get("comment") else ""
    return f'<span class="wp-rating">{_of_five(rating["score"])}</span>{comment}'


def _ticket_item(other: Any, suffix: str) -> str:
    rating = getattr(other, "rating", None)
    rated = f' · <span class="wp-rating">{_of_five(rating.score)}</span>' if rating else ""
    return (
        f'<li><a href="{_e(row_url("workspace:ticket", other.reference))}{suffix}" '
        f"data-pane-link>{_e(other.reference)}</a> "
        f'<span class="wp-muted">{_e(other.get_status_display())}</span>{rated}<br>'
        f'<span class="wp-history__subject">{_e(truncatechars(other.subject, 60))}</span></li>'
    )


def _chat_item(chat: Any, suffix: str) -> str:
    rated = (
        f' · <span class="wp-rating">{_of_five(chat.rating_score)}</span>'
        if chat.rating_score
        else ""
    )
    return (
        f'<li><a href="{_e(row_url("workspace:chat", chat.pk))}{suffix}" data-pane-link>'
        f"{_date(chat.created_at, 'Y-m-d H:i')}</a> "
        f'<span class="wp-muted">{_e(chat.get_status_display())}</span>{rated}</li>'
    )


def _viewed_item(item: dict[str, Any]) -> str:
    article = item["article"]
    return (
        f'<li><a href="{_e(article.get_absolute_url())}" target="_blank" rel="noopener">'
        f"{_e(article)}</a> "
        f'<time class="wp-muted" datetime="{_date(item["at"], "c")}">'
        f"{_date(item['at'], 'm-d H:i')}</time></li>"
    )


def _history(items: list[str], empty: str) -> str:
    if not items:
        return f'<p class="wp-muted">{_e(empty)}</p>'
    return '<ul class="wp-history">\n  ' + "".join(items) + "\n</ul>"


def render_customer(customer: CustomerPanel, *, list_suffix: str = "") -> SafeString:
    """``workspace/_customer.html`` rendered with ``customer`` and ``list_suffix``."""
    suffix = _e(list_suffix)
    if customer.email:
        home = reverse("console-home")
        email = f'<a href="{_e(home)}?q={_e(urlencode(customer.email))}">{_e(customer.email)}</a>'
    else:
        email = "—"
    out = (
        f'<h3 id="wp-customer-title" class="wp-side__title">{_e(gettext("Customer"))}</h3>\n'
        '<dl class="wp-dl">\n'
        f"  <dt>{_e(gettext('Name'))}</dt><dd>{_e(customer.name or '—')}</dd>\n"
        f"  <dt>{_e(gettext('E-mail'))}</dt><dd>{email}</dd>\n"
        f"  <dt>{_e(gettext('Language'))}</dt><dd>{_e(customer.language)}</dd>\n"
        f"  <dt>{_e(gettext('Account'))}</dt><dd>{_account(customer)}</dd>\n"
        f"  <dt>{_e(gettext('Rating'))}</dt><dd data-rating>{_rating(customer)}</dd>\n"
        "</dl>\n"
        f'<h4 class="wp-side__sub">{_e(gettext("Earlier requests"))}</h4>\n'
        + _history([_ticket_item(t, suffix) for t in customer.tickets], gettext("None."))
        + f'\n<h4 class="wp-side__sub">{_e(gettext("Earlier chats"))}</h4>\n'
        + _history([_chat_item(c, suffix) for c in customer.chats], gettext("None."))
        + f'\n<h4 class="wp-side__sub">{_e(gettext("Viewed before contacting us"))}</h4>\n'
        + _history([_viewed_item(v) for v in customer.viewed], gettext("Not known."))
        + "\n"
    )
    return mark_safe(out)  # noqa: S308  (every value escaped as the template does)
