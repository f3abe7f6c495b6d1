"""The staff inbox: its views, their counts and rows, read through the chat and ticket apps'
selectors (two bounded queries per view: at most one for chats and one for tickets, and one
more to mark the rows of customers signed in from the wallet app)."""

import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import WalletIdentity
from chat import selectors as chat_selectors
from chat.selectors import InboxChats
from chat.serialize import display_name
from core.i18n import localized
from macros import selectors as macro_selectors
from teams import selectors as team_selectors
from tickets import live
from tickets import selectors as ticket_selectors
from tickets.console_selectors import (
    NO_FILTERS,
    InboxFilters,
    InboxTickets,
    console_agent_list,
    inbox_search,
    my_open_ticket_count,
    team_ticket_counts,
    tickets_for_inbox,
)
from tickets.models import Ticket
from workspace.models import SavedView

PAGE_SIZE = 50
CHATS_SHOWN = 100


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

# Channel of a row: (icon, label). Tickets keep where they came from; chats are chats.
CHANNELS = {
    Ticket.Source.WEB: ("form", _("Web form")),
    Ticket.Source.CHAT: ("chat", _("Live chat")),
    Ticket.Source.EMAIL: ("mail", _("E-mail")),
    Ticket.Source.PHONE: ("phone", _("Phone")),
    Ticket.Source.SOCIAL: ("social", _("Social media")),
    "api": ("api", _("App (API)")),
}


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
    if query:
        found = inbox_search(query=query, limit=PAGE_SIZE)
        return _mark_tags(_mark_wallet_users([_ticket_row(ticket, now) for ticket in found]))
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
        rows += [_chat_row(conversation, now) for conversation in chats]
    if view.tickets and not chat_channel:
        tickets = tickets_for_inbox(
            which=view.tickets, user=user, limit=PAGE_SIZE, filters=filters, now=now
        )
        rows += [_ticket_row(ticket, now) for ticket in tickets]
    return _mark_tags(_mark_wallet_users(rows))


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


def _mark_wallet_users(rows: list[Row]) -> list[Row]:
    """Rows of customers signed in from the wallet app say so (one query for all rows)."""
    ids = {row.customer_id for row in rows if row.customer_id}
    if not ids:
        return rows
    wallet = set(WalletIdentity.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return [replace(row, wallet_user=True) if row.customer_id in wallet else row for row in rows]


def _visible_views(user: AbstractBaseUser) -> Any:
    """The agent's own saved views and those published to a team they belong to."""
    return SavedView.objects.filter(
        Q(owner=user) | Q(team__in=team_selectors.teams_of(user))
    ).distinct()


def saved_views_for(user: AbstractBaseUser) -> list[SavedView]:
    """The agent's own saved views and their teams' (published by admins), by name."""
    return list(_visible_views(user).select_related("topic", "team"))


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
    pattern = _url_pattern(name, get_language(), get_script_prefix())
    return pattern.replace(_STAND_IN, quote(str(value), safe=_SAFE))


_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what Django's reverse leaves unquoted in an argument


@functools.lru_cache(maxsize=64)
def _url_pattern(name: str, language: str, script_prefix: str) -> str:
    return reverse(name, args=[_STAND_IN])


def _ticket_row(ticket: Ticket, now: dt.datetime) -> Row:
    icon, channel = CHANNELS.get(ticket.source, CHANNELS[Ticket.Source.WEB])
    unread = (
        ticket.last_message_by_customer
        and ticket.assignee_id is not None
        and ticket.last_message_at is not None
        and (ticket.assignee_read_at is None or ticket.assignee_read_at < ticket.last_message_at)
    )
    running = ticket.status in Ticket.ACTIVE_STATUSES
    return Row(
        key=f"ticket-{ticket.reference}",
        kind="ticket",
        url=row_url("workspace:ticket", ticket.reference),
        icon=icon,
        channel=channel,
        customer=ticket.customer_name or ticket.customer_email,
        topic=localized(ticket.category, "name"),
        title=f"{ticket.reference} · {ticket.subject}",
        preview=ticket.last_message_preview,
        preview_from_customer=ticket.last_message_by_customer,
        unread=bool(unread),
        assignee=display_name(ticket.assignee) if ticket.assignee_id else "",
        status=ticket.status,
        status_label=ticket.get_status_display(),
        at=ticket.created_at,
        age=timesince(ticket.created_at, now, depth=1),
        sla=ticket_selectors.sla_display(ticket, now) if running else None,
        rating=None,
        customer_id=ticket.customer_id,
        work_id=ticket.pk,
    )


def _chat_row(conversation: Any, now: dt.datetime) -> Row:
    preview = conversation.preview or ""
    if not preview and conversation.preview_has_files:
        preview = str(_("(a file)"))
    return Row(
        key=f"chat-{conversation.pk}",
        kind="chat",
        url=row_url("workspace:chat", conversation.pk),
        icon="chat",
        channel=CHANNELS[Ticket.Source.CHAT][1],
        customer=conversation.customer_name,
        topic=localized(conversation.topic, "name") if conversation.topic_id else "",
        title="",
        preview=" ".join(preview.split())[:160],
        preview_from_customer=conversation.preview_sender != "agent",
        unread=conversation.last_seq > conversation.agent_read_seq,
        assignee=display_name(conversation.agent) if conversation.agent_id else "",
        status=conversation.status,
        status_label=conversation.get_status_display(),
        at=conversation.queued_at,
        age=timesince(conversation.queued_at, now, depth=1),
        sla=None,
        rating=conversation.rating_score,
        customer_id=conversation.customer_id,
        work_id=conversation.pk,
    )


def bulk_choices() -> dict[str, Any]:
    """What the inbox's action bar offers: agents to assign to, statuses, active tags."""
    return {
        "agents": [(agent.pk, display_name(agent)) for agent in console_agent_list()],
        "statuses": [c for c in Ticket.Status.choices if c[0] != Ticket.Status.NEW],
        "tags": macro_selectors.tags_active(),
    }
