"""The staff inbox: its views, their counts and rows, read through the chat and ticket apps'
selectors in a fixed number of bounded queries per view (chats and their last lines,
tickets, each kind's tags), as tuples rather than model instances, and made into rows with
the texts of the active language translated once per process (``workspace.row_texts``)."""

import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import Any, NamedTuple
from urllib.parse import quote

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chat import selectors as chat_selectors
from chat.selectors import InboxChat, InboxChats
from chat.serialize import display_name
from macros import selectors as macro_selectors
from teams import selectors as team_selectors
from tickets import live
from tickets.console_selectors import (
    NO_FILTERS,
    InboxFilters,
    InboxTickets,
    inbox_search,
    my_open_ticket_count,
    team_ticket_counts,
    tickets_for_inbox,
)
from tickets.models import Ticket
from workspace import offered
from workspace.models import SavedView
from workspace.row_texts import RowTexts, age_text, row_texts, sla_clock

PAGE_SIZE = 50
CHATS_SHOWN = 50  # with PAGE_SIZE tickets: at most 100 rows (docs/performance.md)


@dataclass(frozen=True)
class View:
    """A left-rail view: which chats and which tickets it lists, and its counter."""

    slug: str
    label: Any
    chats: str | None
    tickets: str | None
    count: str | None


VIEWS = (
    View("chats", _("Waiting chats"), InboxChats.WAITING, None, "chats_waiting"),
    View("mine", _("My open work"), InboxChats.MINE, InboxTickets.MINE, "mine"),
    View("unassigned", _("Unassigned"), None, InboxTickets.UNASSIGNED, "unassigned"),
    View("open", _("All open"), InboxChats.ACTIVE, InboxTickets.OPEN, "open"),
    View("pending", _("Waiting for customer"), None, InboxTickets.PENDING, "pending"),
    View("at-risk", _("SLA at risk"), None, InboxTickets.AT_RISK, "at_risk"),
    View("breached", _("Breached"), None, InboxTickets.BREACHED, "breached"),
    View(
        "solved",
        _("Recently solved"),
        InboxChats.RECENTLY_CLOSED,
        InboxTickets.RECENTLY_SOLVED,
        None,
    ),
)
VIEWS_BY_SLUG = {view.slug: view for view in VIEWS}
DEFAULT_VIEW = "mine"
RECENTLY_CLOSED_CHATS = dt.timedelta(days=1)


@dataclass(frozen=True)
class Row:
    """One line of the inbox, whichever kind of conversation it is."""

    key: str
    kind: str
    url: str
    icon: str
    channel: Any
    customer: str
    topic: str
    title: str
    preview: str
    preview_from_customer: bool
    unread: bool
    assignee: str
    status: str
    status_label: Any
    at: dt.datetime
    age: str
    sla: dict[str, Any] | None
    rating: int | None
    customer_id: int | None = None  # the customer's account, None for a guest
    wallet_user: bool = False  # signed in from the wallet app (the wallet vouched for them)
    tags: tuple[Any, ...] = ()  # macros.Tag chips
    work_id: int = 0  # the ticket's or conversation's primary key


def inbox_counts(*, user: AbstractBaseUser) -> dict[str, int]:
    """Every view's counter, counted once per change: the shared figures and ``user``'s own
    are kept in the cache under the version every ticket and chat change bumps at commit
    (``tickets.live.counted``), so a page costs one cache round trip instead of four
    aggregates. Equal to ``inbox_counts_fresh`` at every moment (tests/workspace)."""
    mine = f"mine:{user.pk}"
    parts = live.counted(
        {
            "tickets": team_ticket_counts,
            "chats": lambda: (chat_selectors.chat_queue_counts(), live.COUNTS_MAX_SECONDS),
            mine: lambda: (_my_counts(user), live.COUNTS_MAX_SECONDS),
        }
    )
    return _view_counts(parts["tickets"], parts["chats"], parts[mine])


def inbox_counts_fresh(*, user: AbstractBaseUser) -> dict[str, int]:
    """Every view's counter, counted now (the plain way ``inbox_counts`` must equal)."""
    tickets, _ = team_ticket_counts()
    return _view_counts(tickets, chat_selectors.chat_queue_counts(), _my_counts(user))


def _my_counts(user: AbstractBaseUser) -> dict[str, int]:
    return {
        "tickets": my_open_ticket_count(user=user),
        "chats": chat_selectors.my_active_chat_count(user=user),
    }


def _view_counts(
    tickets: dict[str, int], chats: dict[str, int], mine: dict[str, int]
) -> dict[str, int]:
    return {
        "chats_waiting": chats["waiting"],
        "mine": mine["tickets"] + mine["chats"],
        "unassigned": tickets["unassigned"],
        "open": tickets["open"] + chats["active"],
        "pending": tickets["pending"],
        "at_risk": tickets["at_risk"],
        "breached": tickets["breached"],
    }


def inbox_rows(
    *,
    user: AbstractBaseUser,
    view: View,
    query: str = "",
    filters: InboxFilters = NO_FILTERS,
    now: dt.datetime | None = None,
    tag_id: int | None = None,
) -> list[Row]:
    """A view's rows: its chats first (they are live and short), then its tickets in the
    view's order, both narrowed by ``filters`` (a channel other than chat leaves no chats,
    chat leaves no tickets) and by the tag ``tag_id``; or, with ``query``, the tickets it
    finds in every status."""
    now = now or timezone.now()
    texts = row_texts()
    if query:
        found = inbox_search(query=query, limit=PAGE_SIZE)
        return _mark_tags(_ticket_rows(found, now, texts))
    if tag_id:
        filters = replace(filters, ids=macro_selectors.tagged_tickets(tag_id))
    rows: list[Row] = []
    chat_channel = filters.source == Ticket.Source.CHAT
    if view.chats and (not filters.source or chat_channel) and not filters.priority:
        chats = chat_selectors.conversations_for_inbox(
            which=view.chats,
            user=user,
            limit=CHATS_SHOWN,
            since=now - RECENTLY_CLOSED_CHATS,
            topic_id=filters.topic_id,
            language=filters.language,
            team_id=filters.team_id,
            ids=macro_selectors.tagged_conversations(tag_id) if tag_id else None,
        )
        rows += _chat_rows(chats, now, texts)
    if view.tickets and not chat_channel:
        tickets = tickets_for_inbox(
            which=view.tickets, user=user, limit=PAGE_SIZE, filters=filters, now=now
        )
        rows += _ticket_rows(tickets, now, texts)
    return _mark_tags(rows)


def _mark_tags(rows: list[Row]) -> list[Row]:
    """Each row's tag chips (one query per kind of row)."""
    tickets, chats = macro_selectors.tags_by_work(
        ticket_ids=[row.work_id for row in rows if row.kind == "ticket"],
        conversation_ids=[row.work_id for row in rows if row.kind == "chat"],
    )
    found = {"ticket": tickets, "chat": chats}
    return [
        replace(row, tags=tuple(found[row.kind][row.work_id]))
        if row.work_id in found[row.kind]
        else row
        for row in rows
    ]


def oldest_ticket_reference(references: list[str]) -> str:
    """The reference of the oldest of these requests (what a bulk merge keeps)."""
    oldest = Ticket.objects.filter(reference__in=references).order_by("created_at", "pk").first()
    return oldest.reference if oldest else ""


def _visible_views(user: AbstractBaseUser) -> Any:
    """The agent's own saved views and those published to a team they belong to (the teams
    are a subquery, so no view repeats)."""
    return SavedView.objects.filter(Q(owner=user) | Q(team__in=team_selectors.teams_of(user)))


class SavedViewLink(NamedTuple):
    """A saved view as the inbox's rail lists it."""

    pk: int
    name: str
    owner_id: int | None
    team_id: int | None
    team: str  # the team's name in the active language, "" for an agent's own view


def saved_views_for(user: AbstractBaseUser) -> list[SavedViewLink]:
    """The agent's own saved views and their teams' (published by admins), by name, as the
    rail's links: one query, no model instances (every console page of the inbox reads it)."""
    localized = row_texts().localized
    rows = _visible_views(user).values_list(
        "pk", "name", "owner_id", "team_id", "team__name_zh_hans", "team__name_en"
    )
    return [
        SavedViewLink(pk, name, owner_id, team_id, localized(zh_hans, en))
        for pk, name, owner_id, team_id, zh_hans, en in rows
    ]


def saved_view_get_for(user: AbstractBaseUser, view_id: int, *, own: bool = False) -> SavedView:
    """Saved view ``view_id`` if it is the agent's own or published to one of their teams
    (``own``: only their own, e.g. to delete it); SavedView.DoesNotExist for anyone else's."""
    views = SavedView.objects.filter(owner=user) if own else _visible_views(user)
    return views.get(pk=view_id)


def saved_view_filters(saved: SavedView) -> InboxFilters:
    return InboxFilters(
        topic_id=saved.topic_id,
        priority=saved.priority,
        source=saved.source,
        language=saved.language,
        team_id=saved.filter_team_id,
    )


_STAND_IN = "918273645546372819"  # fits every converter a pane address uses (int, str)


def row_url(name: str, value: object) -> str:
    """``reverse(name, args=[value])`` for a pane address of one path segment, as a list of
    150 rows needs it: the address is reversed once per language with a stand-in and filled
    in (reversing each row was a tenth of the page, docs/performance.md). Equal to reverse
    (tests/workspace/test_inbox.py)."""
    head, tail = row_url_parts(name)
    return f"{head}{quote(str(value), safe=_SAFE)}{tail}"


def row_url_parts(name: str) -> tuple[str, str]:
    """The pane address ``name`` before and after its one argument (see ``row_url``)."""
    return _url_pattern(name, get_language(), get_script_prefix())


_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what Django's reverse leaves unquoted in an argument


@functools.lru_cache(maxsize=64)
def _url_pattern(name: str, language: str, script_prefix: str) -> tuple[str, str]:
    head, _stand_in, tail = reverse(name, args=[_STAND_IN]).partition(_STAND_IN)
    return head, tail


def _ticket_rows(tickets: list[Any], now: dt.datetime, texts: RowTexts) -> list[Row]:
    """Rows of tickets read as named tuples (``tickets_for_inbox``), with the row texts of
    the active language (``row_texts``) instead of a translation per row."""
    head, tail = row_url_parts("workspace:ticket")
    active = Ticket.ACTIVE_STATUSES
    web = texts.channels[Ticket.Source.WEB]
    rows = []
    for t in tickets:
        icon, channel = texts.channels.get(t.source, web)
        seen = t.assignee_read_at
        rows.append(
            Row(
                key=f"ticket-{t.reference}",
                kind="ticket",
                url=f"{head}{quote(t.reference, safe=_SAFE)}{tail}",
                icon=icon,
                channel=channel,
                customer=t.customer_name or t.customer_email,
                topic=texts.localized(t.category__name_zh_hans, t.category__name_en),
                title=f"{t.reference} · {t.subject}",
                preview=t.last_message_preview,
                preview_from_customer=t.last_message_by_customer,
                unread=bool(
                    t.last_message_by_customer
                    and t.assignee_id is not None
                    and t.last_message_at is not None
                    and (seen is None or seen < t.last_message_at)
                ),
                assignee=_person(
                    t.assignee__first_name, t.assignee__last_name, t.assignee__username
                )
                if t.assignee_id
                else "",
                status=t.status,
                status_label=texts.ticket_status.get(t.status, t.status),
                at=t.created_at,
                age=age_text(t.created_at, now, texts),
                sla=sla_clock(t, now, texts) if t.status in active else None,
                rating=None,
                customer_id=t.customer_id,
                wallet_user=t.wallet_user,
                work_id=t.id,
            )
        )
    return rows


def _chat_rows(chats: list[InboxChat], now: dt.datetime, texts: RowTexts) -> list[Row]:
    """Rows of chats read as tuples (``conversations_for_inbox``), as ``_ticket_rows``."""
    head, tail = row_url_parts("workspace:chat")
    channel = texts.channels[Ticket.Source.CHAT][1]
    rows = []
    for c in chats:
        preview = c.preview or ""
        if not preview and c.preview_has_files:
            preview = texts.a_file
        rows.append(
            Row(
                key=f"chat-{c.id}",
                kind="chat",
                url=f"{head}{c.id}{tail}",
                icon="chat",
                channel=channel,
                customer=c.customer_name,
                topic=texts.localized(c.topic_name_zh_hans, c.topic_name_en) if c.topic_id else "",
                title="",
                preview=" ".join(preview.split())[:160],
                preview_from_customer=c.preview_sender != "agent",
                unread=c.last_seq > c.agent_read_seq,
                assignee=_person(c.agent_first_name, c.agent_last_name, c.agent_username)
                if c.agent_id
                else "",
                status=c.status,
                status_label=texts.chat_status.get(c.status, c.status),
                at=c.queued_at,
                age=age_text(c.queued_at, now, texts),
                sla=None,
                rating=c.rating_score,
                customer_id=c.customer_id,
                wallet_user=c.wallet_user,
                work_id=c.id,
            )
        )
    return rows


def _person(first_name: str, last_name: str, username: str) -> str:
    """``chat.serialize.display_name`` of a user read as its three columns."""
    return f"{first_name} {last_name}".strip() or username


def bulk_choices() -> dict[str, Any]:
    """What the inbox's action bar offers: agents to assign to, statuses, active tags."""
    return {
        "agents": [(agent.pk, display_name(agent)) for agent in offered.agents()],
        "statuses": [c for c in Ticket.Status.choices if c[0] != Ticket.Status.NEW],
        "tags": offered.tags_active(),
    }
