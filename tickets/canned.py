"""Canned responses filled in for one ticket or chat."""

import re

from django.contrib.auth.models import AbstractBaseUser

from core.i18n import localized
from tickets.models import CannedResponse, Ticket

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def canned_response_render(
    *,
    canned: CannedResponse,
    ticket: Ticket | None,
    agent: AbstractBaseUser | None,
    language: str,
    customer_name: str = "",
) -> str:
    """The canned response's text in ``language`` (falling back to the other one) with
    ``{customer_name}``, ``{reference}``, ``{agent_name}`` and ``{category}`` filled in.
    Unknown placeholders stay as typed so an admin's typo is visible, never an error. Chat
    passes ``ticket=None`` and ``customer_name``."""
    values = {
        "customer_name": ticket.customer_name if ticket else customer_name,
        "reference": ticket.reference if ticket else "",
        "agent_name": (agent.get_full_name() or agent.get_username()) if agent else "",
        "category": localized(ticket.category, "name", language) if ticket else "",
    }
    body = localized(canned, "body", language)
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), body)
