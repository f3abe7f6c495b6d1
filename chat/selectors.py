"""Reads for the chat: replay after a seq, the queue, agent load and state, customer context."""

import datetime as dt
import math
from typing import Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    Avg,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone

from accounts.roles import agent_accounts
from accounts.selectors import is_wallet_user, wallet_user_for
from chat.models import AgentPresence, Conversation, Message
from chat.serialize import conversation_summary, display_name, iso
from core.calendar import is_open as is_within_business_hours
from core.i18n import localized
from core.kept_query import kept_rows
from teams.selectors import team_work_q
from tickets import selectors as ticket_selectors

# How many messages one replay sends at most; the client syncs again from the last one.
REPLAY_LIMIT = 500
QUEUE_LIST_LIMIT = 200
PREVIEW_CHARS = 120
# Used until enough chats have closed to measure a real average.
DEFAULT_CHAT_SECONDS = 300
WAIT_ROUNDING_SECONDS = 30


def with_attachments(messages: list[Message]) -> list[Message]:
    """Load the files of the messages that have some, in one query (none when no message has
    files), so building their frames reads no more rows."""
    prefetch_related_objects([m for m in messages if m.has_attachments], "attachments")
    return messages


def messages_after(
    *, conversation_id: int, last_seq: int, limit: int = REPLAY_LIMIT
) -> list[Message]:
    """Messages with seq > ``last_seq`` in seq order (the resume replay), at most ``limit``."""
    return with_attachments(
        list(
            Message.objects.filter(conversation_id=conversation_id, seq__gt=last_seq).order_by(
                "seq"
            )[:limit]
        )
    )


def last_seqs(conversation_ids: list[int]) -> dict[int, int]:
    """The newest seq of each conversation (one indexed query), to spot missed messages."""
    rows = Conversation.objects.filter(pk__in=conversation_ids).values_list("pk", "last_seq")
    return dict(rows)


def conversation_messages(*, conversation_id: int) -> list[Message]:
    """The whole history (transcripts, the HTTP history endpoint), files loaded."""
    return with_attachments(
        list(Message.objects.filter(conversation_id=conversation_id).order_by("seq"))
    )


def waiting_conversations() -> QuerySet[Conversation]:
    """The queue, oldest first (agents' chats offered back keep their first queued_at)."""
    return Conversation.objects.filter(status=Conversation.Status.WAITING).order_by(
        "queued_at", "id"
    )


def queue_items(*, limit: int = QUEUE_LIST_LIMIT) -> list[dict[str, Any]]:
    """Waiting conversations as agents see them: summary + position, preview, unread count."""
    last_customer_message = Message.objects.filter(
        conversation=OuterRef("pk"), sender_kind=Message.SenderKind.CUSTOMER
    ).order_by("-seq")
    rows = (
        waiting_conversations()
        .select_related("topic", "agent")
        .annotate(
            preview=Subquery(last_customer_message.values("body")[:1]),
            preview_has_files=Subquery(last_customer_message.values("has_attachments")[:1]),
        )[:limit]
    )
    items = []
    for position, conversation in enumerate(rows, start=1):
        item = conversation_summary(conversation, for_agent=True)
        item["position"] = position
        # A message of files only has no text: a paperclip reads the same in both languages.
        text = conversation.preview or ("📎" if conversation.preview_has_files else "")
        item["preview"] = text[:PREVIEW_CHARS]
        item["unread"] = conversation.last_seq - conversation.agent_read_seq
        items.append(item)
    return items


class InboxChats:
    """Which conversations a staff inbox view lists."""

    WAITING = "waiting"
    MINE = "mine"
    ACTIVE = "active"
    RECENTLY_CLOSED = "recently_closed"


class InboxChat(NamedTuple):
    """A conversation as the staff inbox lists it, with its latest customer or agent line."""

    id: int
    customer_name: str
    customer_id: int | None
    status: str
    queued_at: dt.datetime
    last_seq: int
    agent_read_seq: int
    rating_score: int | None
    agent_id: int | None
    agent_first_name: str | None
    agent_last_name: str | None
    agent_username: str | None
    topic_id: int | None
    topic_name_zh_hans: str | None
    topic_name_en: str | None
    wallet_user: bool  # the customer signed in from the wallet app
    preview: str | None
    preview_has_files: bool | None
    preview_sender: str | None


_INBOX_CHAT_COLUMNS = (
    "id",
    "customer_name",
    "customer_id",
    "status",
    "queued_at",
    "last_seq",
    "agent_read_seq",
    "rating_score",
    "agent_id",
    "agent__first_name",
    "agent__last_name",
    "agent__username",
    "topic_id",
    "topic__name_zh_hans",
    "topic__name_en",
    "wallet_user",
    "preview_id",
)
_NO_LINE = (None, None, None)


def conversations_for_inbox(
    *,
    which: str,
    user: AbstractBaseUser,
    limit: int,
    since: dt.datetime | None = None,
    topic_id: int | None = None,
    language: str = "",
    team_id: int | None = None,
    ids: Any = None,
) -> list[InboxChat]:
    """Conversations for the staff inbox with their latest customer or agent line
    (``preview``, ``preview_has_files``, ``preview_sender``), topic and agent, as tuples (no
    model instances): two queries (the conversations with their last line's id, then those
    lines, all in one): waiting (longest wait first), ``user``'s active ones, every active
    one, or closed since ``since`` (newest first); narrowed to a topic, a language, a team's
    work or ``ids`` (a query of conversation ids, e.g. the workspace's tag filter) when given."""
    since = since or timezone.now()

    def page(user_id: int, since: dt.datetime) -> QuerySet[Any]:
        return _inbox_page(which, user_id, since, topic_id, language, team_id, ids)[:limit]

    if not (topic_id or language or team_id or ids is not None):
        # What every agent opens all day: a kept statement (core.kept_query).
        rows = kept_rows(("conversations_for_inbox", which, limit), page, user.pk, since)
    else:
        rows = list(page(user.pk, since))
    line_ids = sorted({row[-1] for row in rows if row[-1] is not None})
    found = kept_rows(("inbox_chat_lines", len(line_ids)), _lines, *line_ids) if line_ids else []
    lines = {pk: (body, files, sender) for pk, body, files, sender in found}
    return [InboxChat(*row[:-1], *lines.get(row[-1], _NO_LINE)) for row in rows]


def _lines(*line_ids: int) -> QuerySet[Any]:
    found = Message.objects.filter(pk__in=line_ids).order_by()
    return found.values_list("pk", "body", "has_attachments", "sender_kind")


def _inbox_page(
    which: str,
    user_id: int,
    since: dt.datetime,
    topic_id: int | None,
    language: str,
    team_id: int | None,
    ids: Any,
) -> QuerySet[Any]:
    last_line = (
        Message.objects.filter(conversation=OuterRef("pk"))
        .exclude(sender_kind=Message.SenderKind.SYSTEM)
        .order_by("-seq")
    )
    queryset = Conversation.objects.annotate(
        wallet_user=is_wallet_user("customer_id"),
        preview_id=Subquery(last_line.values("pk")[:1]),
    )
    if topic_id:
        queryset = queryset.filter(topic_id=topic_id)
    if language:
        queryset = queryset.filter(language=language)
    if team_id:
        queryset = queryset.filter(team_work_q(team_id, agent_field="agent", topic_field="topic"))
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    if which == InboxChats.WAITING:
        queryset = queryset.filter(status=Conversation.Status.WAITING).order_by("queued_at", "id")
    elif which == InboxChats.MINE:
        queryset = queryset.filter(status=Conversation.Status.ACTIVE, agent_id=user_id).order_by(
            "assigned_at", "id"
        )
    elif which == InboxChats.ACTIVE:
        queryset = queryset.filter(status=Conversation.Status.ACTIVE).order_by("assigned_at", "id")
    elif which == InboxChats.RECENTLY_CLOSED:
        queryset = queryset.filter(
            status=Conversation.Status.CLOSED, closed_at__gte=since
        ).order_by("-closed_at", "-id")
    else:
        raise ValueError(which)
    return queryset.values_list(*_INBOX_CHAT_COLUMNS)


def chat_queue_counts() -> dict[str, int]:
    """How many conversations wait and how many are active, in one aggregate."""
    open_statuses = [Conversation.Status.WAITING, Conversation.Status.ACTIVE]
    return Conversation.objects.filter(status__in=open_statuses).aggregate(
        waiting=Count("pk", filter=Q(status=Conversation.Status.WAITING)),
        active=Count("pk", filter=Q(status=Conversation.Status.ACTIVE)),
    )


def my_active_chat_count(*, user: AbstractBaseUser) -> int:
    """How many conversations ``user`` is in now."""
    return Conversation.objects.filter(status=Conversation.Status.ACTIVE, agent=user).count()


def active_chat_counts(agent_ids: list[int] | None = None) -> dict[int, int]:
    """Active conversations per agent id."""
    queryset = Conversation.objects.filter(status=Conversation.Status.ACTIVE)
    if agent_ids is not None:
        queryset = queryset.filter(agent_id__in=agent_ids)
    rows = queryset.values("agent_id").annotate(n=Count("id"))
    return {row["agent_id"]: row["n"] for row in rows}


def online_presences() -> QuerySet[AgentPresence]:
    return AgentPresence.objects.filter(
        status=AgentPresence.Status.ONLINE, user__is_active=True, user__is_staff=True
    )


def agents_available(*, at: dt.datetime | None = None) -> bool:
    """Can a new chat be answered now: within business hours and at least one agent online."""
    return is_within_business_hours(at) and online_presences().exists()


def average_chat_seconds() -> float:
    """Mean length of the last 50 chats that had an agent, or a default with no history."""
    recent = (
        Conversation.objects.filter(
            status=Conversation.Status.CLOSED,
            assigned_at__isnull=False,
            closed_at__gte=timezone.now() - dt.timedelta(days=7),
        )
        .order_by("-closed_at")
        .values_list("pk", flat=True)[:50]
    )
    result = Conversation.objects.filter(pk__in=list(recent)).aggregate(
        avg=Avg(F("closed_at") - F("assigned_at"))
    )["avg"]
    if result is None:
        return float(DEFAULT_CHAT_SECONDS)
    return max(result.total_seconds(), 30.0)


def wait_estimator() -> "WaitEstimator":
    presences = list(online_presences().values_list("capacity", flat=True))
    return WaitEstimator(
        slots=sum(presences), agents_online=len(presences), chat_seconds=average_chat_seconds()
    )


class WaitEstimator:
    """A slot frees up on average every chat_seconds / slots; position N waits N of those."""

    def __init__(self, *, slots: int, agents_online: int, chat_seconds: float) -> None:
        self.slots = slots
        self.agents_online = agents_online
        self.chat_seconds = chat_seconds

    def seconds_for(self, position: int) -> int:
        if self.slots == 0:
            return 0
        seconds = position * self.chat_seconds / self.slots
        return int(math.ceil(seconds / WAIT_ROUNDING_SECONDS) * WAIT_ROUNDING_SECONDS)


def queue_position(conversation: Conversation) -> dict[str, Any]:
    """A waiting conversation's place in the queue (the fields of the ``queue`` frame)."""
    ahead = (
        waiting_conversations()
        .filter(
            Q(queued_at__lt=conversation.queued_at)
            | Q(queued_at=conversation.queued_at, pk__lt=conversation.pk)
        )
        .count()
    )
    estimator = wait_estimator()
    return {
        "position": ahead + 1,
        "estimated_wait_seconds": estimator.seconds_for(ahead + 1),
        "agents_available": agents_available(),
    }


def availability() -> dict[str, Any]:
    """The public availability answer for the widget (GET /api/chat/availability)."""
    estimator = wait_estimator()
    within = is_within_business_hours()
    queue_length = waiting_conversations().count()
    return {
        "available": within and estimator.agents_online > 0,
        "within_business_hours": within,
        "agents_online": estimator.agents_online,
        "queue_length": queue_length,
        "estimated_wait_seconds": estimator.seconds_for(queue_length + 1),
    }


def agent_summary(user: AbstractBaseUser) -> dict[str, Any]:
    presence = AgentPresence.objects.filter(user=user).first()
    return {
        "id": user.pk,
        "name": display_name(user),
        "status": presence.status if presence else AgentPresence.Status.OFFLINE,
        "capacity": presence.capacity
        if presence
        else AgentPresence._meta.get_field("capacity").default,
        "active_chats": active_chat_counts([user.pk]).get(user.pk, 0),
    }


def active_conversations_for(user: AbstractBaseUser) -> list[Conversation]:
    return list(
        Conversation.objects.filter(agent=user, status=Conversation.Status.ACTIVE)
        .select_related("topic", "agent")
        .order_by("assigned_at")
    )


def agent_state(user: AbstractBaseUser) -> dict[str, Any]:
    """What an agent's console starts from: their status, the queue, their active chats."""
    return {
        "agent": agent_summary(user),
        "queue": queue_items(),
        "conversations": [
            conversation_summary(c, for_agent=True) for c in active_conversations_for(user)
        ],
    }


def agents_for_transfer() -> list[dict[str, Any]]:
    """Every agent with status and load, online first, for the transfer picker."""
    users = list(agent_accounts().select_related("chat_presence"))
    loads = active_chat_counts([u.pk for u in users])
    rows = []
    for user in users:
        presence = getattr(user, "chat_presence", None)
        rows.append(
            {
                "id": user.pk,
                "name": display_name(user),
                "status": presence.status if presence else AgentPresence.Status.OFFLINE,
                "active_chats": loads.get(user.pk, 0),
                "capacity": presence.capacity if presence else 3,
            }
        )
    order = {"online": 0, "away": 1, "offline": 2}
    return sorted(rows, key=lambda r: (order[r["status"]], r["name"]))


def customer_context(conversation: Conversation) -> dict[str, Any]:
    """What an agent needs to know about the customer: contact, language, page, history."""
    same_customer = Q(pk__in=[])
    if conversation.customer_id:
        same_customer |= Q(customer_id=conversation.customer_id)
    if conversation.customer_email:
        same_customer |= Q(customer_email__iexact=conversation.customer_email)
    previous = (
        Conversation.objects.filter(same_customer)
        .exclude(pk=conversation.pk)
        .select_related("topic", "agent")
        .order_by("-created_at")[:10]
    )
    email = conversation.customer_email or getattr(conversation.customer, "email", "")
    return {
        "customer": {
            "name": conversation.customer_name,
            "email": email,
            "language": conversation.language,
            "page_url": conversation.page_url,
            "is_registered": conversation.customer_id is not None,
            # Signed in with the wallet's signed identity (api.services.identity).
            "wallet_user": conversation.customer_id is not None
            and wallet_user_for(conversation.customer_id) is not None,
        },
        "previous_conversations": [conversation_summary(c, for_agent=True) for c in previous],
        "tickets": _customer_tickets(conversation, email),
    }


def contact_conversations(
    *, customer_id: int | None, email: str, exclude_id: int | None = None, limit: int = 10
) -> list[Conversation]:
    """A contact's chats (their account, or their e-mail as typed or in lower case) but
    ``exclude_id``, newest first: one query on the indexed columns, reading only what the
    pane's customer panel shows of each (its date, status and rating)."""
    same_customer = Q(pk__in=[])
    if customer_id:
        same_customer |= Q(customer_id=customer_id)
    if email:
        same_customer |= Q(customer_email__in=sorted({email, email.lower()}))
    return list(
        Conversation.objects.filter(same_customer)
        .exclude(pk=exclude_id)
        .only("id", "created_at", "status", "rating_score")
        .order_by("-created_at")[:limit]
    )


def _customer_tickets(conversation: Conversation, email: str) -> list[dict[str, Any]]:
    tickets = ticket_selectors.ticket_list_for_contact(
        customer_id=conversation.customer_id, email=email
    )
    return [
        {
            "reference": t.reference,
            "subject": t.subject,
            "status": t.status,
            "created_at": iso(t.created_at),
        }
        for t in tickets
    ]


def canned_list(*, query: str = "", language: str, limit: int = 50) -> list[dict[str, Any]]:
    """Canned responses for chats (scope chats or both) in ``language``, optionally
    filtered."""
    replies = ticket_selectors.canned_response_search(kind="chats", query=query, limit=limit)
    return [
        {
            "id": c.pk,
            "title": localized(c, "title", language),
            "body": localized(c, "body", language),
        }
        for c in replies
    ]


def conversation_list_for_customer(
    *, user: AbstractBaseUser, limit: int = 50
) -> list[Conversation]:
    """The customer's own chats, newest first (index ``chat_conv_customer_idx``)."""
    return list(
        Conversation.objects.filter(customer=user)
        .select_related("topic")
        .order_by("-created_at")[:limit]
    )


def conversation_open_for_customer(*, user: AbstractBaseUser) -> int | None:
    """The id of the signed-in customer's newest chat still in progress (waiting or active),
    which the chat reopens instead of offering help first; None for anyone else."""
    if not user.is_authenticated or user.is_staff:
        return None
    return (
        Conversation.objects.filter(customer=user)
        .exclude(status=Conversation.Status.CLOSED)
        .order_by("-created_at")
        .values_list("pk", flat=True)
        .first()
    )
