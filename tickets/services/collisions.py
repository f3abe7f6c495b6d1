"""Reply collisions: two agents must not answer the same customer twice. A reply form carries
the id of the last message its author saw (``last_seen_message``); a public reply is stopped
when a public message by someone else came after it, so the author reads it first and then
sends anyway (the form comes back with the newer id) or changes their text."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tickets.models import Ticket, TicketMessage


class ReplyCollision(ValidationError):
    """Someone else replied meanwhile. ``unseen`` are those public messages (oldest first);
    ``latest_id`` is what the form should carry to send anyway."""

    def __init__(self, unseen: list[TicketMessage]) -> None:
        super().__init__(
            _("A new reply arrived while you were writing. Read it, then send anyway or edit.")
        )
        self.unseen = unseen
        self.latest_id = unseen[-1].pk


def check_seen(*, ticket: Ticket, author: Any, seen_up_to: int | None) -> None:
    """Raise ReplyCollision when a public message not by ``author`` came after message
    ``seen_up_to`` on ``ticket``. ``None`` (a client that does not say) checks nothing."""
    if seen_up_to is None:
        return
    unseen = list(
        TicketMessage.objects.filter(ticket=ticket, internal=False, pk__gt=seen_up_to)
        .exclude(author_id=getattr(author, "pk", None), author_kind=TicketMessage.AuthorKind.AGENT)
        .select_related("author")
        .order_by("pk")
    )
    if unseen:
        raise ReplyCollision(unseen)


def last_public_message_id(ticket: Ticket, *, thread: list[TicketMessage] | None = None) -> int:
    """The newest public message's id (0 if none): what a reply form starts with. A page that
    has read the staff thread (``ticket_thread(staff=True)``: every message of the ticket)
    passes it, and the id is taken from it instead of asked again."""
    if thread is not None:
        return max((message.pk for message in thread if not message.internal), default=0)
    newest = (
        TicketMessage.objects.filter(ticket=ticket, internal=False)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return newest or 0
