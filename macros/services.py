"""Writes of tags and macros: tagging a ticket or chat, tagging several tickets at once, and
applying a macro (every action in one transaction, or none). Replies, statuses and
assignments go through the services that own them (``tickets.services``,
``chat.services.messages.message_write``), so events and e-mails are the usual ones. A tag
put on or taken off tells every open inbox once it commits (``tickets.live``, the agent
socket's ``inbox`` frame), so the row's chips follow without a reload."""

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from chat.models import Conversation
from chat.services import ChatError
from chat.services.messages import message_write
from macros.models import ConversationTag, Macro, Tag, TicketTag
from tickets import live as inbox_live
from tickets import services as ticket_services
from tickets.canned import canned_response_render
from tickets.console_selectors import can_assign
from tickets.models import Ticket
from tickets.services.bulk import MAX_BULK


def _usable(tag: Tag) -> None:
    if not tag.is_active:
        raise ValidationError(_("This tag is no longer in use."))


@transaction.atomic
def ticket_tag_set(*, ticket: Ticket, tag: Tag, on: bool, by: AbstractBaseUser) -> bool:
    """Put ``tag`` on the request (``on``) or take it off; whether anything changed. ``by``
    has already been given the ticket by an access function."""
    if on:
        _usable(tag)
        changed = TicketTag.objects.get_or_create(ticket=ticket, tag=tag)[1]
    else:
        changed = TicketTag.objects.filter(ticket=ticket, tag=tag).delete()[0] > 0
    if changed:
        inbox_live.inbox_changed_on_commit("ticket")
    return changed


@transaction.atomic
def conversation_tag_set(
    *, conversation: Conversation, tag: Tag, on: bool, by: AbstractBaseUser
) -> bool:
    """Put ``tag`` on the chat (``on``) or take it off; whether anything changed."""
    if on:
        _usable(tag)
        changed = ConversationTag.objects.get_or_create(conversation=conversation, tag=tag)[1]
    else:
        changed = ConversationTag.objects.filter(conversation=conversation, tag=tag).delete()[0] > 0
    if changed:
        inbox_live.inbox_changed_on_commit("chat")
    return changed


@transaction.atomic
def tickets_bulk_tag(*, references: Sequence[str], tag: Tag, by: AbstractBaseUser) -> int:
    """Put ``tag`` on every chosen request (the inbox's bulk action); how many were not
    tagged yet. All or none, like ``tickets.services.tickets_bulk_update``."""
    chosen = set(references)
    if not chosen or len(chosen) > MAX_BULK:
        raise ValidationError(_("Choose between 1 and %(count)d requests.") % {"count": MAX_BULK})
    _usable(tag)
    ids = list(Ticket.objects.filter(reference__in=chosen).values_list("pk", flat=True))
    if len(ids) != len(chosen):
        raise ValidationError(_("Some of the chosen requests no longer exist."))
    tagged = set(
        TicketTag.objects.filter(tag=tag, ticket_id__in=ids).values_list("ticket_id", flat=True)
    )
    TicketTag.objects.bulk_create(
        [TicketTag(ticket_id=pk, tag=tag) for pk in ids if pk not in tagged]
    )
    if len(ids) > len(tagged):
        inbox_live.inbox_changed_on_commit("ticket")  # one frame, however many were tagged
    return len(ids) - len(tagged)


def _team_member(macro: Macro) -> AbstractBaseUser:
    """The macro's team's active member with the fewest open requests (then the lowest id)."""
    member = (
        macro.team.members.filter(is_active=True)
        .annotate(
            load=Count(
                "assigned_tickets",
                filter=Q(assigned_tickets__status__in=Ticket.OPEN_STATUSES),
            )
        )
        .order_by("load", "pk")
        .first()
    )
    if member is None:
        raise ValidationError(_("The team “%(team)s” has no members.") % {"team": macro.team})
    return member


@transaction.atomic
def macro_apply_to_ticket(*, macro: Macro, ticket: Ticket, by: AbstractBaseUser) -> Ticket:
    """Every action of ``macro`` on the request, in this order: the reply (placeholders
    filled in the request's language), the tags, the priority, the assignee or team, the
    status. One refusal (a status the request cannot move to, a colleague's request an agent
    may not reassign, a closed request) raises and leaves the request as it was."""
    if macro.scope == Macro.Scope.CHATS:
        raise ValidationError(_("This macro is for chats only."))
    body = canned_response_render(canned=macro, ticket=ticket, agent=by, language=ticket.language)
    if body.strip():
        ticket_services.ticket_reply(ticket=ticket, author=by, body=body)
    for tag in macro.tags.all():
        ticket_tag_set(ticket=ticket, tag=tag, on=True, by=by)
    ticket = Ticket.objects.select_related("assignee").get(pk=ticket.pk)
    if macro.priority and macro.priority != ticket.priority:
        ticket = ticket_services.ticket_set_priority(ticket=ticket, priority=macro.priority, by=by)
    assignee = macro.assignee if macro.assignee_id else None
    if macro.team_id:
        assignee = _team_member(macro)
    if assignee is not None and assignee.pk != ticket.assignee_id:
        if not can_assign(by, ticket, assignee):
            raise PermissionDenied(_("Only a supervisor can reassign a colleague's request."))
        ticket = ticket_services.ticket_assign(ticket=ticket, assignee=assignee, by=by)
    if macro.status:
        ticket = ticket_services.ticket_set_status(ticket=ticket, status=macro.status, by=by)
    return ticket


@transaction.atomic
def macro_apply_to_chat(
    *, macro: Macro, conversation: Conversation, by: AbstractBaseUser
) -> Conversation:
    """The macro's reply, sent as ``by``'s chat message (``message_write``: only the chat's
    agent may), and its tags; all or none. A chat has no status, priority or assignee a
    macro could set: a macro for chats only has none (``Macro.clean``)."""
    if macro.scope == Macro.Scope.TICKETS:
        raise ValidationError(_("This macro is for requests only."))
    for tag in macro.tags.all():
        conversation_tag_set(conversation=conversation, tag=tag, on=True, by=by)
    body = canned_response_render(
        canned=macro,
        ticket=None,
        agent=by,
        language=conversation.language,
        customer_name=conversation.customer_name,
    )
    if body.strip():
        try:
            message_write(conversation_id=conversation.pk, sender_kind="agent", body=body, user=by)
        except ChatError as exc:
            raise ValidationError(_("The reply could not be sent in this chat.")) from exc
    return conversation
