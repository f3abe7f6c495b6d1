"""Request (ticket) models, one module per concern; every model is imported here so Django
registers it and ``from tickets.models import X`` works. Migrations refer to
``tickets.models._attachment_path`` and ``tickets.models._new_portal_key``, kept importable here."""

from tickets.models.messages import Attachment, CannedResponse, TicketMessage, _attachment_path
from tickets.models.outbox import Notification
from tickets.models.sla import SlaPolicy, SlaReminder
from tickets.models.tickets import SatisfactionRating, Ticket, TicketEvent, _new_portal_key
from tickets.models.topic_fields import TopicField

__all__ = [
    "Attachment",
    "CannedResponse",
    "Notification",
    "SatisfactionRating",
    "SlaPolicy",
    "SlaReminder",
    "Ticket",
    "TicketEvent",
    "TicketMessage",
    "TopicField",
    "_attachment_path",
    "_new_portal_key",
]
