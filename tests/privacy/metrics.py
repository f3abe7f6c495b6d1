"""The service's figures as the reports compute them, to compare before and after an erasure."""

from datetime import timedelta

from django.db.models import Avg, Count
from django.utils import timezone

from chat.models import Conversation
from chat.models import Message as ChatMessage
from insights.models import Event
from insights.selectors import deflection_rate
from tickets.models import SatisfactionRating, Ticket, TicketMessage


def _by(queryset, field: str) -> dict:
    return dict(queryset.values_list(field).annotate(n=Count("pk")).order_by(field))


def snapshot() -> dict:
    now = timezone.now()
    deflection = deflection_rate(start=now - timedelta(days=2), end=now + timedelta(hours=1))
    return {
        "deflection": (deflection.seen, deflection.contacted, deflection.deflected),
        "tickets_by_status": _by(Ticket.objects.all(), "status"),
        "tickets_by_source": _by(Ticket.objects.all(), "source"),
        "tickets_by_topic": _by(Ticket.objects.all(), "category_id"),
        "first_responses": Ticket.objects.filter(first_response_at__isnull=False).count(),
        "ticket_rating": SatisfactionRating.objects.aggregate(avg=Avg("score"), n=Count("pk")),
        "ticket_messages": _by(TicketMessage.objects.all(), "author_kind"),
        "chats_by_status": _by(Conversation.objects.all(), "status"),
        "chat_rating": Conversation.objects.aggregate(
            avg=Avg("rating_score"), n=Count("rating_score")
        ),
        "chat_messages": _by(ChatMessage.objects.all(), "sender_kind"),
        "events_by_kind": _by(Event.objects.all(), "kind"),
    }
