"""The live floor (/<lang>/console/dashboard/): what supervisors watch right now. Live state
(who waits, who works) is read from the chat and ticket tables, today's figures from the event
log with the same metric functions as the reports. A fixed number of queries (asserted in
tests/insights/test_floor.py), whatever the size of the floor."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min
from django.utils import timezone

from accounts.roles import agent_accounts
from chat.models import AgentPresence, Conversation
from chat.serialize import display_name
from insights import metrics
from insights.metrics import Scope
from insights.metrics.base import site_zone
from tickets.models import Ticket

BREACH_HORIZON = dt.timedelta(hours=1)


@dataclass(frozen=True)
class AgentOnFloor:
    id: int
    name: str
    status: str
    status_label: str
    capacity: int
    chats: list[dict[str, Any]]

    @property
    def load(self) -> int:
        return len(self.chats)


@dataclass(frozen=True)
class Floor:
    now: dt.datetime
    waiting: int
    longest_wait_seconds: int | None
    active_chats: int
    agents: list[AgentOnFloor]  # online or away, or offline with chats still open
    agents_by_status: dict[str, int]  # every agent, offline ones included
    breaching_soon: int
    created_today: int
    first_response_today: metrics.Summary
    csat_today: metrics.Summary


def _agents(active: list[dict[str, Any]]) -> tuple[list[AgentOnFloor], dict[str, int]]:
    users = agent_accounts().select_related("chat_presence").order_by("first_name", "username")
    labels = dict(AgentPresence.Status.choices)
    chats: dict[int, list[dict[str, Any]]] = {}
    for chat in active:
        chats.setdefault(chat["agent_id"], []).append(chat)
    floor = []
    counts = dict.fromkeys(AgentPresence.Status.values, 0)
    for user in users:
        presence = getattr(user, "chat_presence", None)
        status = presence.status if presence else AgentPresence.Status.OFFLINE
        counts[status] += 1
        mine = chats.get(user.pk, [])
        if status == AgentPresence.Status.OFFLINE and not mine:
            continue  # offline with nothing open: not on the floor
        floor.append(
            AgentOnFloor(
                id=user.pk,
                name=display_name(user),
                status=status,
                status_label=str(labels[status]),
                capacity=presence.capacity if presence else 0,
                chats=mine,
            )
        )
    return floor, counts


def floor_now(now: dt.datetime | None = None) -> Floor:
    now = now or timezone.now()
    waiting = Conversation.objects.filter(status=Conversation.Status.WAITING).aggregate(
        n=Count("id"), oldest=Min("queued_at")
    )
    active = list(
        Conversation.objects.filter(status=Conversation.Status.ACTIVE)
        .order_by("assigned_at", "id")
        .values("id", "agent_id", "customer_name", "assigned_at")
    )
    breaching = Ticket.objects.filter(
        status__in=Ticket.ACTIVE_STATUSES, sla_due_at__gt=now, sla_due_at__lte=now + BREACH_HORIZON
    ).count()
    today = timezone.localtime(now, site_zone()).date()
    scope = Scope(first=today, last=today)
    oldest = waiting["oldest"]
    agents, by_status = _agents(active)
    return Floor(
        now=now,
        waiting=waiting["n"],
        longest_wait_seconds=int((now - oldest).total_seconds()) if oldest else None,
        active_chats=len(active),
        agents=agents,
        agents_by_status=by_status,
        breaching_soon=breaching,
        created_today=metrics.volume_total(scope),
        first_response_today=metrics.first_response_summary(scope),
        csat_today=metrics.csat_summary(scope),
    )
