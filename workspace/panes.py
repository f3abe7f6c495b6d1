"""Reads of the conversation pane: one ticket or one chat as the inbox shows it beside the list
(thread, properties, composer choices, customer panel). Every read goes through the chat,
ticket, account and insights apps' selectors; the number of queries is fixed, whatever the
length of the thread or the customer's history (tests/workspace/test_pane.py)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from accounts.selectors import wallet_user_for
from chat import selectors as chat_selectors
from chat.access import can_act_for
from chat.models import Conversation, Message
from chat.serialize import attachment_ref
from faq.selectors import public_articles
from insights.selectors import articles_viewed_before_contact
from macros import selectors as macro_selectors
from tickets import selectors as ticket_selectors
from tickets.canned import canned_choices, canned_response_render
from tickets.console_properties import ticket_properties
from tickets.console_selectors import (
    can_assign,
    contact_tickets,
    ticket_history,
    ticket_rating,
)
from tickets.models import Ticket, TicketEvent
from workspace import offered

HISTORY_SHOWN = 8
# Events the thread already shows as a message.
MESSAGE_EVENTS = frozenset({TicketEvent.Kind.REPLIED, TicketEvent.Kind.NOTE})


@dataclass
class CustomerPanel:
    """Who the customer is and what they did before."""

    name: str
    email: str
    language: str
    account: str  # "wallet", "account" or "guest"
    tickets: list[Ticket] = field(default_factory=list)
    chats: list[Conversation] = field(default_factory=list)
    viewed: list[dict[str, Any]] = field(default_factory=list)
    rating: dict[str, Any] | None = None


def _languages() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def customer_panel(
    *,
    customer_id: int | None,
    name: str,
    email: str,
    language: str,
    ticket_id: int | None = None,
    conversation_id: int | None = None,
    rating: dict[str, Any] | None = None,
) -> CustomerPanel:
    """The customer panel of a ticket or a chat: six queries at most (wallet identity, their
    requests, their chats, the start event, the pages viewed, the articles)."""
    account = "guest"
    if customer_id:
        account = "wallet" if wallet_user_for(customer_id) is not None else "account"
    viewed_ids = articles_viewed_before_contact(
        ticket_id=ticket_id, conversation_id=conversation_id
    )
    articles = public_articles().in_bulk([v.article_id for v in viewed_ids]) if viewed_ids else {}
    return CustomerPanel(
        name=name,
        email=email,
        language=_languages().get(language, language),
        account=account,
        tickets=contact_tickets(
            customer_id=customer_id, email=email, exclude_id=ticket_id, limit=HISTORY_SHOWN
        ),
        chats=chat_selectors.contact_conversations(
            customer_id=customer_id,
            email=email,
            exclude_id=conversation_id,
            limit=HISTORY_SHOWN,
        ),
        viewed=[
            {"article": articles[v.article_id], "at": v.at}
            for v in viewed_ids
            if v.article_id in articles
        ],
        rating=rating,
    )


# --- Tickets ----------------------------------------------------------------------------------


def ticket_thread_items(ticket: Ticket) -> list[dict[str, Any]]:
    """Messages (public replies, the customer's, internal notes) and system events in time
    order: ``{"kind": "message" | "event", "at": ..., ...}``."""
    items: list[dict[str, Any]] = [
        {"kind": "message", "at": m.created_at, "message": m}
        for m in ticket_selectors.ticket_thread(ticket=ticket, staff=True)
    ]
    items += [
        {"kind": "event", "at": e["event"].created_at, **e}
        for e in ticket_history(ticket=ticket, topics=offered.topics())
        if e["event"].kind not in MESSAGE_EVENTS
    ]
    items.sort(key=lambda item: item["at"])
    return items


def ticket_pane(*, user: AbstractBaseUser, ticket: Ticket, now: dt.datetime | None = None) -> dict:
    """Everything the pane shows for ``ticket`` (found with ``tickets.access``)."""
    now = now or timezone.now()
    thread = ticket_thread_items(ticket)
    rating = ticket_rating(ticket)
    writable = ticket.status != Ticket.Status.CLOSED and not ticket.merged_into_id
    canned = offered.ticket_canned(category_id=ticket.category_id)
    last_message = max(
        (item["message"].pk for item in thread if item["kind"] == "message"), default=0
    )
    return {
        "kind": "ticket",
        "ticket": ticket,
        "sla": ticket_selectors.sla_display(ticket, now),
        "thread": thread,
        "last_seen_message": last_message,
        "properties": ticket_properties(user, ticket) if writable else [],
        "writable": writable,
        "can_take": ticket.assignee_id != user.pk and can_assign(user, ticket, user),
        "canned": canned_choices(
            canned,
            lambda c: canned_response_render(
                canned=c, ticket=ticket, agent=user, language=ticket.language
            ),
        ),
        "customer": customer_panel(
            customer_id=ticket.customer_id,
            name=ticket.customer_name,
            email=ticket.customer_email,
            language=ticket.language,
            ticket_id=ticket.pk,
            rating={"score": rating.score, "comment": rating.comment} if rating else None,
        ),
    }


# --- Chats ------------------------------------------------------------------------------------


def chat_thread_items(conversation: Conversation) -> list[dict[str, Any]]:
    """The chat's messages in order, system lines as events."""
    items = []
    for message in chat_selectors.conversation_messages(conversation_id=conversation.pk):
        files = (
            [attachment_ref(a, conversation.pk) for a in message.attachments.all()]
            if message.has_attachments
            else []
        )
        items.append(
            {
                "kind": "event" if message.sender_kind == Message.SenderKind.SYSTEM else "message",
                "at": message.created_at,
                "chat": message,
                "files": files,
            }
        )
    return items


def chat_pane(*, user: AbstractBaseUser, conversation: Conversation) -> dict:
    """Everything the pane shows for ``conversation`` (found with ``chat.access``)."""
    mine = conversation.status == Conversation.Status.ACTIVE and can_act_for(
        user, assigned_agent_id=conversation.agent_id
    )
    canned = offered.chat_canned()
    rating = (
        {"score": conversation.rating_score, "comment": conversation.rating_comment}
        if conversation.rating_score
        else None
    )
    return {
        "kind": "chat",
        "conversation": conversation,
        "thread": chat_thread_items(conversation),
        "last_seen_message": conversation.last_seq,
        "writable": mine,
        "can_accept": conversation.status == Conversation.Status.WAITING,
        "can_close": mine,
        "properties": [],
        "canned": canned_choices(
            canned,
            lambda c: canned_response_render(
                canned=c,
                ticket=None,
                agent=user,
                language=conversation.language,
                customer_name=conversation.customer_name,
            ),
        ),
        "customer": customer_panel(
            customer_id=conversation.customer_id,
            name=conversation.customer_name,
            email=conversation.customer_email,
            language=conversation.language,
            conversation_id=conversation.pk,
            rating=rating,
        ),
    }


# --- Tags and macros ----------------------------------------------------------------------------


def pane_tagging(*, kind: str, work_id: int) -> dict[str, Any]:
    """The pane's tag chips, the tags its menu offers (checked: on this work) and the macros
    of its kind (three queries)."""
    if kind == "ticket":
        on = macro_selectors.tags_of_ticket(work_id)
    else:
        on = macro_selectors.tags_of_conversation(work_id)
    on_ids = {tag.pk for tag in on}
    # An inactive tag can still come off.
    choices = [*offered.tags_active(), *(tag for tag in on if not tag.is_active)]
    return {
        "tags": on,
        "choices": [{"tag": tag, "on": tag.pk in on_ids} for tag in choices],
        "macros": offered.macros_for(kind),
    }
