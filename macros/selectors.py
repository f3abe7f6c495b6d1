"""Reads of tags and macros: what the pane offers, the chips of inbox rows (one query for
both kinds of row), and the inbox's tag filter."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet, Value

from macros.models import ConversationTag, Macro, Tag, TicketTag


def tags_active() -> list[Tag]:
    """The tags agents may add, by English name."""
    return list(Tag.objects.filter(is_active=True))


def tags_for_filter() -> QuerySet[Tag]:
    """The tags the inbox's filter bar offers (inactive ones still find their work)."""
    return Tag.objects.all()


def tag_get(tag_id: int) -> Tag:
    """Tag ``tag_id``; Tag.DoesNotExist when there is none."""
    return Tag.objects.get(pk=tag_id)


def tags_of_ticket(ticket_id: int) -> list[Tag]:
    return list(Tag.objects.filter(ticket_tags__ticket_id=ticket_id))


def tags_of_conversation(conversation_id: int) -> list[Tag]:
    return list(Tag.objects.filter(conversation_tags__conversation_id=conversation_id))


_CHIP_COLUMNS = ("tag_id", "tag__name_zh_hans", "tag__name_en", "tag__colour")


def tags_by_work(
    *, ticket_ids: Iterable[int], conversation_ids: Iterable[int]
) -> tuple[dict[int, list[Tag]], dict[int, list[Tag]]]:
    """Each request's and each chat's tags, for inbox rows, in one statement for both kinds
    (the two link tables' rows with their tag's columns, ``UNION ALL``; none without ids).
    The tags carry what a chip shows (id, names, colour), by English name."""
    tickets: dict[int, list[Tag]] = defaultdict(list)
    chats: dict[int, list[Tag]] = defaultdict(list)
    ticket_ids, conversation_ids = set(ticket_ids), set(conversation_ids)
    parts = []
    if ticket_ids:
        links = TicketTag.objects.filter(ticket_id__in=ticket_ids).order_by()
        parts.append(links.values_list("ticket_id", *_CHIP_COLUMNS).annotate(kind=Value(0)))
    if conversation_ids:
        links = ConversationTag.objects.filter(conversation_id__in=conversation_ids).order_by()
        parts.append(links.values_list("conversation_id", *_CHIP_COLUMNS).annotate(kind=Value(1)))
    if not parts:
        return tickets, chats
    found = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    kinds = (tickets, chats)
    for work_id, tag_id, name_zh_hans, name_en, colour, kind in found:
        tag = Tag(id=tag_id, name_zh_hans=name_zh_hans, name_en=name_en, colour=colour)
        kinds[kind][work_id].append(tag)
    for listed in (*tickets.values(), *chats.values()):
        listed.sort(key=lambda tag: (tag.name_en, tag.pk))
    return tickets, chats


def tagged_tickets(tag_id: int) -> QuerySet[Any]:
    """The ids of the requests tagged ``tag_id`` (a subquery for the inbox's filter)."""
    return TicketTag.objects.filter(tag_id=tag_id).values("ticket_id")


def tagged_conversations(tag_id: int) -> QuerySet[Any]:
    """The ids of the chats tagged ``tag_id`` (a subquery for the inbox's filter)."""
    return ConversationTag.objects.filter(tag_id=tag_id).values("conversation_id")


def macros_for(kind: str) -> list[Macro]:
    """The active macros offered in a ``"ticket"`` or ``"chat"`` pane: those of its scope and
    those for both."""
    scope = Macro.Scope.TICKETS if kind == "ticket" else Macro.Scope.CHATS
    return list(Macro.objects.filter(Q(scope=scope) | Q(scope=Macro.Scope.BOTH), is_active=True))


def macro_get_for(kind: str, macro_id: int) -> Macro:
    """Active macro ``macro_id`` if it is offered for this kind of conversation;
    Macro.DoesNotExist otherwise."""
    scope = Macro.Scope.TICKETS if kind == "ticket" else Macro.Scope.CHATS
    return Macro.objects.filter(Q(scope=scope) | Q(scope=Macro.Scope.BOTH), is_active=True).get(
        pk=macro_id
    )
