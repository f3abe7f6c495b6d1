"""Canned responses filled in for one ticket or chat."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from core.i18n import localized
from tickets.models import CannedResponse, Ticket
from tickets.models.messages import PLACEHOLDER


def canned_response_render(
    *,
    canned: CannedResponse | Any,
    ticket: Ticket | None,
    agent: AbstractBaseUser | None,
    language: str,
    customer_name: str = "",
) -> str:
    """The canned response's text in ``language`` (falling back to the other one) with
    ``{customer_name}``, ``{reference}``, ``{agent_name}`` and ``{category}`` filled in.
    Saving refuses placeholders the response's scope cannot fill (``CannedResponse.clean``);
    one that still slips through (a row older than that rule) stays as typed, never empty.
    Chat passes ``ticket=None`` and ``customer_name``. A macro's reply (``macros.Macro``, with
    the same fields and check) is filled in here too."""
    values = {
        "customer_name": ticket.customer_name if ticket else customer_name,
        "reference": ticket.reference if ticket else "",
        "agent_name": (agent.get_full_name() or agent.get_username()) if agent else "",
        "category": localized(ticket.category, "name", language) if ticket else "",
    }
    body = localized(canned, "body", language)
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), body)


def canned_choices(items: list[CannedResponse], render: Any) -> list[dict[str, Any]]:
    """The composer's canned menu: each response's id, title in the page's language and text
    as ``render`` fills it in (the workspace pane and the full ticket page)."""
    return [{"id": c.pk, "title": localized(c, "title"), "text": render(c)} for c in items]
