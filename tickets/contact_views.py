"""The agent's "change the contact e-mail" on the ticket workspace (its Customer panel):
``POST /<lang>/console/tickets/<reference>/contact-email/``, through the console's one POST
action helper. The service refuses until the customer is verified in this request."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tickets import services
from tickets.console_views import _action
from tickets.models import Ticket
from wallet.services import SecurityDeskError


class ContactEmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("New contact e-mail"), max_length=254)


def _change(request: HttpRequest, ticket: Ticket, data: dict[str, Any]) -> tuple[str, Ticket]:
    """Change where the request's replies go (the customer verified in this request)."""
    try:
        ticket = services.ticket_contact_email_change(
            ticket=ticket, email=data["email"], by=request.user, request=request
        )
    except SecurityDeskError as exc:
        raise ValidationError(exc.message) from None
    return _("The contact e-mail is changed; the old address was told."), ticket


ticket_contact_email = _action(ContactEmailForm, _change)
