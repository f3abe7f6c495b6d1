"""What an API key may reach beyond customers' own requests (those go through
``tickets.access``): staff keys reach every request."""

from api.authentication import Credential
from api.models import ApiKey
from tickets.models import Attachment, Ticket


def ticket_get_for_staff_key(credential: Credential, reference: str) -> Ticket:
    """The request ``reference`` for a credential with the staff scope; DoesNotExist else."""
    if not credential.has_scope(ApiKey.Scope.STAFF):
        raise Ticket.DoesNotExist
    return Ticket.objects.select_related("category", "assignee").get(reference=reference)


def attachment_get_for_staff_key(
    credential: Credential, ticket: Ticket, attachment_id: int
) -> Attachment:
    """Any file of ``ticket`` (internal notes' too) for a staff key; DoesNotExist else."""
    if not credential.has_scope(ApiKey.Scope.STAFF):
        raise Attachment.DoesNotExist
    return Attachment.objects.get(message__ticket=ticket, pk=attachment_id)
