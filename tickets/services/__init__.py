"""Every write of requests (tickets). Callers use ``from tickets import services`` and the
names below; the modules split the work: ``lifecycle`` (a request from the form to closing:
create, reply, status, assignment, priority, topic, merge, rating, portal link, claiming guest
requests), ``opened_by_agents`` (requests agents open for a caller) and ``email_intake``
(system notes and accepting mail from another sender, for the e-mail channel).
"""

from tickets.services.email_intake import ticket_note_publish, ticket_system_note
from tickets.services.lifecycle import (
    ALLOWED_TRANSITIONS,
    AUTO_CLOSE_BATCH,
    MAX_UPLOADS_PER_MESSAGE,
    ticket_assign,
    ticket_create,
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
from tickets.services.opened_by_agents import ticket_open_for_customer

__all__ = [
    "ALLOWED_TRANSITIONS",
    "AUTO_CLOSE_BATCH",
    "MAX_UPLOADS_PER_MESSAGE",
    "ticket_assign",
    "ticket_create",
    "ticket_merge",
    "ticket_note_publish",
    "ticket_open_for_customer",
    "ticket_rate",
    "ticket_reply",
    "ticket_rotate_portal_link",
    "ticket_set_category",
    "ticket_set_priority",
    "ticket_set_status",
    "ticket_system_note",
    "tickets_claim_by_email",
    "tickets_close_solved",
]
