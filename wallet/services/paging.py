"""Outside business hours (``core.calendar.is_open``) a new security report pages the on-call
list: an e-mail to every active ``OnCallContact``, sent after the report is committed."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.audit import Action, audit_record
from core.calendar import is_open
from core.mail import Email
from wallet.conversations import ConversationRef
from wallet.models import OnCallContact

log = logging.getLogger(__name__)


def security_report_page(*, ref: ConversationRef) -> list[str]:
    """Page the on-call list for a new security report when support is closed; returns the
    addresses paged (none during business hours or when nobody is on the list)."""
    if not ref.is_security or is_open():
        return []
    addresses = list(OnCallContact.objects.filter(is_active=True).values_list("email", flat=True))
    if not addresses:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Security report outside business hours: %(label)s") % {"label": ref.label}
        body = _(
            "A customer reported theft or unauthorised activity while support is closed.\n\n"
            "Open it in the staff console: %(url)s\n\n"
            "Freeze the account first if the customer asks for it; no verification is needed "
            "to freeze."
        ) % {"label": ref.label, "url": settings.SITE_URL.rstrip("/") + ref.console_url}
    message = Email(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    audit_record(
        action=Action.PAGED_ON_CALL,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
        detail={"contacts": len(addresses)},
    )
    transaction.on_commit(lambda: _send(message))
    return addresses


def _send(message: Email) -> None:
    try:
        message.send()
    except OSError:
        log.exception("wallet.page_failed")
