"""Every write of requests (tickets). Callers use ``from tickets import services`` and the
names below; the modules split the work: ``lifecycle`` (a request from the form to closing:
create, reply, status, assignment, priority, topic, merge, rating, portal link, claiming guest
requests), ``opened_by_agents`` (requests agents open for a caller), ``inbox`` (what the
staff inbox keeps per agent: read marks), ``topic_fields`` (the questions each topic asks),
``security`` (notices of the account security desk, paging for security reports),
``email_intake`` (system notes and accepting mail from another sender, for the e-mail channel),
``contact`` (an agent changing a request's contact e-mail, once the customer is verified),
``routing`` (auto-assignment of new requests by team, topic and language),
``collisions`` (a reply is stopped when someone else replied since its author looked) and
``bulk`` (several tickets at once, all or none).
"""

from tickets.services.bulk import tickets_bulk_merge, tickets_bulk_update
from tickets.services.collisions import ReplyCollision, last_public_message_id
from tickets.services.contact import ticket_contact_email_change
from tickets.services.email_intake import ticket_note_publish, ticket_system_note
from tickets.services.inbox import ticket_mark_read
from tickets.services.lifecycle import (
    ALLOWED_TRANSITIONS,
    AUTO_CLOSE_BATCH,
    MAX_UPLOADS_PER_MESSAGE,
    PREVIEW_LENGTH,
    ticket_assign,
    ticket_merge,
    ticket_rate,
    ticket_reply,
    ticket_rotate_portal_link,
    ticket_set_category,
    ticket_set_priority,
    ticket_set_status,
    tickets_claim_by_email,
    tickets_close_solved,
)
from tickets.services.lifecycle import ticket_create as _ticket_create
from tickets.services.opened_by_agents import ticket_open_for_customer
from tickets.services.routing import auto_assigning, ticket_auto_assign
from tickets.services.security import ticket_ref, ticket_security_note
from tickets.services.topic_fields import details_clean, topic_fields_of

# A request from a customer is auto-assigned as soon as it is stored (services.routing).
ticket_create = auto_assigning(_ticket_create)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "AUTO_CLOSE_BATCH",
    "MAX_UPLOADS_PER_MESSAGE",
    "PREVIEW_LENGTH",
    "ReplyCollision",
    "details_clean",
    "last_public_message_id",
    "ticket_assign",
    "ticket_auto_assign",
    "ticket_contact_email_change",
    "ticket_create",
    "ticket_mark_read",
    "ticket_merge",
    "ticket_note_publish",
    "ticket_open_for_customer",
    "ticket_rate",
    "ticket_ref",
    "ticket_reply",
    "ticket_rotate_portal_link",
    "ticket_security_note",
    "ticket_set_category",
    "ticket_set_priority",
    "ticket_set_status",
    "ticket_system_note",
    "tickets_bulk_merge",
    "tickets_bulk_update",
    "tickets_claim_by_email",
    "tickets_close_solved",
    "topic_fields_of",
]
