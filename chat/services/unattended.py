"""Chats nobody is attending: a waiting customer who went away, an assigned agent who never
answered. (An agent whose socket stopped is the grace sweep's, in ``routing``.)

- A chat **waiting in the queue** whose customer's socket closed and did not come back for
  ``CHAT_ABANDON_SECONDS`` leaves the queue, closed as abandoned with a system line.
- An **active** chat is never ended by a disconnect alone: wallet customers switch apps to
  look up a transaction number and come back.
- A chat **assigned** to an agent who has sent no message for ``CHAT_FIRST_REPLY_SECONDS``
  since it was assigned goes back to the head of the queue (it keeps its queued_at), offered
  to the next available agent but never back to that one (``passed_over``); the agent is told
  (``unassigned``, reason ``unanswered``) and the chat leaves their list.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_noop

from chat import events, protocol
from chat import signals as chat_signals
from chat.models import Conversation, Message
from chat.services.base import (
    _announce_agent_status,
    _announce_conversation,
    _locked,
    notify_queue,
)
from chat.services.messages import system_line
from chat.services.routing import route_waiting

logger = logging.getLogger(__name__)


def customer_left(*, conversation_id: int) -> bool:
    """The customer's socket on a waiting chat closed: start its abandon clock (once)."""
    return bool(
        Conversation.objects.filter(
            pk=conversation_id,
            status=Conversation.Status.WAITING,
            customer_left_at__isnull=True,
        ).update(customer_left_at=timezone.now())
    )


def customer_back(*, conversation_id: int) -> bool:
    """The customer is connected again (a new socket, or a ping on one): stop the clock."""
    return bool(
        Conversation.objects.filter(pk=conversation_id, customer_left_at__isnull=False).update(
            customer_left_at=None
        )
    )


@transaction.atomic
def conversations_sweep_unattended(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Close abandoned queue chats and offer unanswered ones to someone else (the rules in
    the module docstring). Runs from Celery beat; returns how many of each."""
    now = now or timezone.now()
    abandoned = _close_abandoned(now - dt.timedelta(seconds=settings.CHAT_ABANDON_SECONDS))
    unanswered = _pass_unanswered(now - dt.timedelta(seconds=settings.CHAT_FIRST_REPLY_SECONDS))
    if abandoned:
        notify_queue()
    if unanswered:
        route_waiting()
    return {"abandoned": abandoned, "unanswered": unanswered}


def _close_abandoned(cutoff: dt.datetime) -> int:
    ids = Conversation.objects.filter(
        status=Conversation.Status.WAITING, customer_left_at__lte=cutoff
    ).values_list("pk", flat=True)
    closed = 0
    for conversation_id in list(ids):
        conversation = _locked(conversation_id)
        if (
            conversation.status != Conversation.Status.WAITING
            or conversation.customer_left_at is None
        ):
            continue  # taken, or the customer came back, since the list was read
        conversation.status = Conversation.Status.CLOSED
        conversation.closed_at = timezone.now()
        conversation.closed_by = Conversation.ClosedBy.ABANDONED
        conversation.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
        system_line(conversation, gettext_noop("The customer left before an agent could answer."))
        _announce_conversation(conversation)
        chat_signals.announce(
            conversation, chat_signals.CHAT_ENDED, by_customer=True, abandoned=True
        )
        logger.info("chat.abandoned conversation_id=%s", conversation_id)
        closed += 1
    return closed


def _pass_unanswered(cutoff: dt.datetime) -> int:
    agent_wrote = Message.objects.filter(
        conversation=OuterRef("pk"),
        sender_kind=Message.SenderKind.AGENT,
        created_at__gte=OuterRef("assigned_at"),
    )
    ids = (
        Conversation.objects.filter(status=Conversation.Status.ACTIVE, assigned_at__lte=cutoff)
        .filter(~Exists(agent_wrote))
        .values_list("pk", flat=True)
    )
    passed = 0
    for conversation_id in list(ids):
        conversation = _locked(conversation_id)
        if conversation.status != Conversation.Status.ACTIVE or conversation.agent_id is None:
            continue
        if conversation.assigned_at is None or conversation.assigned_at > cutoff:
            continue  # reassigned since the list was read
        if Message.objects.filter(
            conversation=conversation,
            sender_kind=Message.SenderKind.AGENT,
            created_at__gte=conversation.assigned_at,
        ).exists():
            continue  # the agent answered meanwhile
        agent_id = conversation.agent_id
        conversation.status = Conversation.Status.WAITING
        conversation.passed_over_id = agent_id
        conversation.agent = None
        conversation.assigned_at = None
        conversation.save(
            update_fields=["status", "agent", "assigned_at", "passed_over", "updated_at"]
        )
        system_line(conversation, gettext_noop("We are connecting you with another agent."))
        _announce_conversation(conversation)
        events.emit_on_commit(
            events.agent_group(agent_id),
            protocol.unassigned_frame(conversation=conversation.pk, reason="unanswered"),
        )
        _announce_agent_status(agent_id)
        logger.info("chat.unanswered conversation_id=%s agent_id=%s", conversation_id, agent_id)
        passed += 1
    return passed
