"""The fixed texts of an inbox row in one language, translated once per process, and the
row's age and SLA clock written from them.

A list of 150 rows used to ask gettext for the same dozen texts on every row (each call two
context-local lookups), and Django's ``timesince`` and the ticket app's ``sla_display`` for
each row's age and clock (more lookups again). ``row_texts()`` translates each fixed text once
per language and keeps it; ``age_text`` and ``sla_clock`` write what ``timesince(d, now,
depth=1)`` and ``tickets.selectors.sla_display`` write, from those texts.
tests/workspace/test_row_texts.py holds each equal to the plain way, in both languages.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.html import avoid_wrapping
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chat.models import Conversation
from tickets import sla
from tickets.models import Ticket
from tickets.sla.labels import State
from tickets.sla.targets import Target

# Channel of a row: (icon, label). Tickets keep where they came from; chats are chats.
CHANNELS = {
    Ticket.Source.WEB: ("form", _("Web form")),
    Ticket.Source.CHAT: ("chat", _("Live chat")),
    Ticket.Source.EMAIL: ("mail", _("E-mail")),
    Ticket.Source.PHONE: ("phone", _("Phone")),
    Ticket.Source.SOCIAL: ("social", _("Social media")),
    Ticket.Source.API: ("api", _("App (API)")),
}

_WEEK, _DAY, _HOUR, _MINUTE = 7 * 24 * 3600, 24 * 3600, 3600, 60


@dataclass(frozen=True, eq=False)  # one per language (``row_texts``), hashed by identity
class RowTexts:
    """Every fixed text of a row in ``language`` (plain, unescaped)."""

    language: str
    english: bool  # the content language: a topic's ``name_en`` first, else ``name_zh_hans``
    channels: dict[str, tuple[str, str]]
    ticket_status: dict[str, str]
    chat_status: dict[str, str]
    sla_state: dict[str, str]
    sla_target: dict[str, str]
    a_file: str
    wallet_user: str
    guest: str
    unread: str
    agent: str
    unassigned: str
    ago: str  # "%(age)s ago"
    select: str  # "Select %(title)s"
    rated: str  # "Rated %(score)s/5"
    days_hours: str
    hours_minutes: str
    minutes: str
    over: str
    left: str
    _ages: dict[tuple[str, int], str] = field(default_factory=dict)

    def age(self, unit: str, count: int) -> str:
        """``timesince``'s text for ``count`` ``unit``s, translated once and kept."""
        text = self._ages.get((unit, count))
        if text is None:
            with translation.override(self.language):
                text = avoid_wrapping(TIME_STRINGS[unit] % {"num": count})
            self._ages[(unit, count)] = text
        return text

    def localized(self, zh_hans: str | None, en: str | None) -> str:
        """``core.i18n.localized`` of a name read as its two columns."""
        if self.english:
            return en or zh_hans or ""
        return zh_hans or en or ""


def row_texts() -> RowTexts:
    """The row texts of the active language."""
    return _texts_for(translation.get_language() or "zh-hans")


@functools.lru_cache(maxsize=8)
def _texts_for(language: str) -> RowTexts:
    with translation.override(language):
        return RowTexts(
            language=language,
            english=language.lower().startswith("en"),
            channels={key: (icon, str(label)) for key, (icon, label) in CHANNELS.items()},
            ticket_status={value: str(label) for value, label in Ticket.Status.choices},
            chat_status={value: str(label) for value, label in Conversation.Status.choices},
            sla_state={value: str(label) for value, label in State.choices},
            sla_target={value: str(label) for value, label in Target.choices},
            a_file=gettext("(a file)"),
            wallet_user=gettext("Wallet user, signed in"),
            guest=gettext("Guest"),
            unread=gettext("Unread"),
            agent=gettext("Agent:"),
            unassigned=gettext("Unassigned"),
            ago=gettext("%(age)s ago"),
            select=gettext("Select %(title)s"),
            rated=gettext("Rated %(score)s/5"),
            days_hours=gettext("%(d)d d %(h)d h"),
            hours_minutes=gettext("%(h)d h %(m)d min"),
            minutes=gettext("%(m)d min"),
            over=gettext("%(time)s over"),
            left=gettext("%(time)s left"),
        )


def age_text(since: dt.datetime, now: dt.datetime, texts: RowTexts) -> str:
    """``timesince(since, now, depth=1)`` (aware datetimes), from ``texts``: the same steps
    (whole calendar months and years first, then weeks, days, hours, minutes)."""
    now = now.astimezone(since.tzinfo)
    delta = now - since
    if delta.days * _DAY + delta.seconds <= 0:
        return texts.age("minute", 0)
    months = (now.year - since.year) * 12 + (now.month - since.month)
    if since.day > now.day or (since.day == now.day and since.time() > now.time()):
        months -= 1
    years, months = divmod(months, 12)
    if years:
        return texts.age("year", years)
    if months:
        return texts.age("month", months)
    seconds = delta.days * _DAY + delta.seconds  # whole seconds: the same floors as timesince
    for unit, chunk in (("week", _WEEK), ("day", _DAY), ("hour", _HOUR), ("minute", _MINUTE)):
        if seconds >= chunk:
            return texts.age(unit, seconds // chunk)
    return texts.age("minute", 0)


def sla_clock(ticket: Any, now: dt.datetime, texts: RowTexts) -> dict[str, Any]:
    """``tickets.selectors.sla_display(ticket, now)`` from ``texts``; ``ticket`` is anything
    with the ticket's SLA columns (a model instance or an inbox row's named tuple)."""
    state = sla.state_of(ticket, now)
    left = ""
    if state.seconds_left is not None:
        left = (texts.over if state.seconds_left < 0 else texts.left) % {
            "time": duration(state.seconds_left, texts)
        }
    return {
        "state": state.state,
        "label": texts.sla_state[state.state],
        "target_label": texts.sla_target[state.target] if state.target else "",
        "due_at": state.due_at,
        "left": left,
    }


def duration(seconds: int, texts: RowTexts) -> str:
    """``tickets.selectors.duration_text(seconds)`` from ``texts``."""
    minutes = max(abs(seconds) // 60, 1)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return texts.days_hours % {"d": days, "h": hours}
    if hours:
        return texts.hours_minutes % {"h": hours, "m": minutes}
    return texts.minutes % {"m": minutes}
