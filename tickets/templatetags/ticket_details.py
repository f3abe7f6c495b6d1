"""``{% ticket_details ticket as rows %}``: the answers to the topic's own questions as
(label, value) in the page's language, for the portal and console ticket pages."""

from django import template
from django.utils.translation import get_language

from tickets.models import Ticket
from tickets.selectors import ticket_details_display

register = template.Library()


@register.simple_tag
def ticket_details(ticket: Ticket) -> list[tuple[str, str]]:
    return ticket_details_display(ticket, get_language())
