"""Agents, the queue and routing: status and heartbeat, picks, automatic assignment,
transfer, and the disconnect-grace sweep."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.roles import agent_accounts, is_agent
from chat import events, protocol, selectors
from chat import signals as chat_signals
from chat.access import can_act_for
from chat.models import AgentPresence, Conversation, Transfer
from chat.serialize import agent_ref, conversation_summary, display_name
from chat.services.base import (
    ChatError,
    _announce_agent_status,
    _announce_conversation,
    _locked,
    notify_queue,
)
from chat.services.messages import system_line
from teams import selectors as team_selectors

logger = logging.getLogger(__name__)

# An online agent whose socket heartbeat stopped this long ago is set away (see the sweep).
AGENT_GRACE_SECONDS: int = getattr(settings, "CHAT_AGENT_GRACE_SECONDS", 60)


@transaction.atomic
def agent_set_status(*, user: AbstractBaseUser, status: str) -> AgentPresence:
    """Set an agent's chat status; going online also counts as a heartbeat and routes the
    queue to them. Going away/offline keeps current chats (only the grace sweep takes them)."""
    if status not in AgentPresence.Status.values:
        raise ChatError("invalid", "Unknown status.")
    presence = _presence(user, lock=True)
    presence.status = status
    presence.last_seen_at = timezone.now()
    presence.save(update_fields=["status", "last_seen_at"])
    _announce_agent_status(user.pk)
    notify_queue()
    if status == AgentPresence.Status.ONLINE:
        route_waiting()
    return presence


def agent_heartbeat(*, user: AbstractBaseUser) -> None:
    """The agent's socket is alive (connect, ping): one UPDATE of ``last_seen_at``."""
    updated = AgentPresence.objects.filter(user=user).update(last_seen_at=timezone.now())
    if not updated:
        AgentPresence.objects.get_or_create(user=user, defaults={"last_seen_at": timezone.now()})


@transaction.atomic
def conversation_accept(*, conversation_id: int, user: AbstractBaseUser) -> Conversation:
    """An agent takes a waiting conversation from the queue (their own choice, so capacity,
    which limits automatic routing only, does not apply). Raises ChatError(not_waiting)."""
    if not is_agent(user):
        raise ChatError(protocol.ErrorCode.FORBIDDEN, "Agents only.")
    conversation = _locked(conversation_id)
    if conversation.status != Conversation.Status.WAITING:
        raise ChatError("not_waiting", "Someone else has already taken this chat.")
    _assign(conversation, user, by=user)
    return conversation


@transaction.atomic
def route_waiting() -> int:
    """Assign waiting conversations, oldest first, each to an online agent below their
    capacity: a member of the team for the chat's topic and language first (for a security
    report, of the security team), else anyone; among those the fewest active chats (ties: who
    got a chat least recently), never back to the agent who let it go unanswered
    (``passed_over``). Returns how many were assigned. Online
    presences are locked first, so concurrent routers take turns."""
    presences = list(
        selectors.online_presences()
        .select_for_update(of=("self",))
        .select_related("user")
        .order_by("pk")
    )
    if not presences:
        return 0
    loads = selectors.active_chat_counts([p.user_id for p in presences])
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    teams = team_selectors.routing_table()
    assigned = 0
    waiting = selectors.waiting_conversations().values_list(
        "pk", "passed_over_id", "topic_id", "topic__is_security", "language"
    )[:200]
    for conversation_id, passed_over_id, topic_id, is_security, language in waiting:
        free = [p for p in presences if loads.get(p.user_id, 0) < p.capacity]
        if not free:
            break
        # Someone else first for a chat its last agent left unanswered; it waits otherwise.
        free = [p for p in free if p.user_id != passed_over_id]
        if not free:
            continue
        # The team for the topic and language first (security reports: the security team),
        # then anyone free; within each, the least loaded.
        tiers = team_selectors.routing_tiers(
            teams, topic_id=topic_id, language=language, is_security=bool(is_security)
        )
        chosen = min(
            free,
            key=lambda p: (
                team_selectors.tier_of(p.user_id, tiers),
                loads.get(p.user_id, 0),
                p.last_assigned_at or epoch,
                p.pk,
            ),
        )
        conversation = _locked(conversation_id)
        if conversation.status != Conversation.Status.WAITING:
            continue
        _assign(conversation, chosen.user)
        chosen.last_assigned_at = conversation.assigned_at
        loads[chosen.user_id] = loads.get(chosen.user_id, 0) + 1
        assigned += 1
    return assigned


@transaction.atomic
def conversation_transfer(
    *, conversation_id: int, by: AbstractBaseUser, to_agent_id: int, note: str = ""
) -> Conversation:
    """Hand an active conversation to another online agent with a note for them. The old agent
    gets ``unassigned`` (transferred); the customer sees who they now talk to."""
    conversation = _locked(conversation_id)
    if conversation.status != Conversation.Status.ACTIVE:
        raise ChatError("not_active", "Only an active chat can be transferred.")
    if not (is_agent(by) and can_act_for(by, assigned_agent_id=conversation.agent_id)):
        raise ChatError(protocol.ErrorCode.FORBIDDEN, "You are not assigned to this chat.")
    target = agent_accounts().filter(pk=to_agent_id).first()
    online = selectors.online_presences().filter(user_id=to_agent_id).exists()
    if target is None or not online or target.pk == conversation.agent_id:
        raise ChatError("agent_unavailable", "That agent cannot take the chat now.")
    previous = conversation.agent
    Transfer.objects.create(
        conversation=conversation, from_agent=previous, to_agent=target, note=note.strip()[:2000]
    )
    if previous is not None:
        events.emit_on_commit(
            events.agent_group(previous.pk),
            protocol.unassigned_frame(conversation=conversation.pk, reason="transferred"),
        )
        _announce_agent_status(previous.pk)
    _assign(conversation, target, note=note.strip()[:2000], from_agent=previous or by, by=by)
    return conversation


@transaction.atomic
def agents_sweep_disconnected(*, now: dt.datetime | None = None) -> int:
    """Set away every online agent whose heartbeat is older than the grace period and put their
    active chats back at the head of the queue (they keep their first queued_at), then route.
    Returns how many agents were set away. Runs from Celery beat; safe to run anywhere."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=AGENT_GRACE_SECONDS)
    stale = list(
        AgentPresence.objects.select_for_update()
        .filter(status=AgentPresence.Status.ONLINE)
        .filter(Q(last_seen_at__lt=cutoff) | Q(last_seen_at__isnull=True))
    )
    for presence in stale:
        presence.status = AgentPresence.Status.AWAY
        presence.save(update_fields=["status"])
        for conversation_id in Conversation.objects.filter(
            agent_id=presence.user_id, status=Conversation.Status.ACTIVE
        ).values_list("pk", flat=True):
            _requeue(_locked(conversation_id))
        _announce_agent_status(presence.user_id)
        logger.info("chat.agent_away user_id=%s", presence.user_id)
    if stale:
        notify_queue()
        route_waiting()
    return len(stale)


def _requeue(conversation: Conversation) -> None:
    agent_id = conversation.agent_id
    conversation.status = Conversation.Status.WAITING
    conversation.agent = None
    conversation.assigned_at = None
    conversation.save(update_fields=["status", "agent", "assigned_at", "updated_at"])
    system_line(
        conversation,
        gettext_noop(
            "Your agent was disconnected. You are back in the queue; another agent will join "
            "shortly."
        ),
    )
    _announce_conversation(conversation)
    if agent_id:
        events.emit_on_commit(
            events.agent_group(agent_id),
            protocol.unassigned_frame(conversation=conversation.pk, reason="away"),
        )


def _presence(user: AbstractBaseUser, *, lock: bool = False) -> AgentPresence:
    queryset = AgentPresence.objects.select_for_update() if lock else AgentPresence.objects
    presence, _ = queryset.get_or_create(user=user)
    return presence


def _assign(
    conversation: Conversation,
    agent: AbstractBaseUser,
    *,
    note: str = "",
    from_agent: AbstractBaseUser | None = None,
    by: AbstractBaseUser | None = None,
    reason: str = "transferred",
) -> None:
    """Give a locked conversation to ``agent`` and tell everyone concerned after commit
    (``by``: who decided, None for routing; ``reason``: why it changed hands, when it did)."""
    now = timezone.now()
    conversation.agent = agent
    conversation.status = Conversation.Status.ACTIVE
    conversation.assigned_at = now
    # The new agent has read nothing yet: the console shows the whole thread as unread.
    conversation.agent_read_seq = 0
    conversation.passed_over = None
    conversation.save(
        update_fields=[
            "agent",
            "status",
            "assigned_at",
            "agent_read_seq",
            "passed_over",
            "updated_at",
        ]
    )
    AgentPresence.objects.filter(user=agent).update(last_assigned_at=now)
    name = display_name(agent)
    if from_agent is None:
        system_line(conversation, gettext_noop("%(name)s joined the chat."), name=name)
        chat_signals.announce(
            conversation, chat_signals.CHAT_STARTED, agent_id=agent.pk, by_id=by and by.pk
        )
    else:
        text = gettext_noop("You are now chatting with %(name)s.")
        system_line(conversation, text, name=name)
        chat_signals.announce(
            conversation,
            chat_signals.CHAT_HANDED_OVER,
            agent_id=agent.pk,
            from_agent_id=from_agent.pk,
            by_id=by and by.pk,
            reason=reason,
        )
    _announce_conversation(conversation)
    events.emit_on_commit(
        events.agent_group(agent.pk),
        protocol.assigned_frame(
            conversation=conversation_summary(conversation, for_agent=True),
            note=note,
            from_agent=agent_ref(from_agent),
        ),
        subscribe=conversation.pk,
    )
    _announce_agent_status(agent.pk)
    notify_queue()
