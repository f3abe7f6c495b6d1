"""What the customer's mail client sends back: the per-request reply address and the
Message-IDs of our e-mails, both signed so that nobody can write into a request they were not
sent. ``tickets.notifications`` puts them on every customer e-mail; the e-mail channel (an app
above this one) reads them back with ``ticket_id_from_address`` / ``ticket_id_from_message_id``.

Signatures are lower-case hex of Django's ``salted_hmac`` (keyed by ``SECRET_KEY``): mail
servers may change the case of an address's local part, and a hex signature survives that.
"""

import re
from email.utils import parseaddr

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "tickets.mail_ids"
_SIGNATURE_LENGTH = 20  # 80 bits


def _signature(value: str) -> str:
    return salted_hmac(_SALT, value.lower(), algorithm="sha256").hexdigest()[:_SIGNATURE_LENGTH]


def _valid(value: str, signature: str) -> bool:
    return constant_time_compare(_signature(value), signature.lower())


def inbound_address() -> str:
    """The support address customers write to (``EMAIL_INBOUND_ADDRESS``, else the sender
    address of ``DEFAULT_FROM_EMAIL``)."""
    return settings.EMAIL_INBOUND_ADDRESS or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def domain() -> str:
    return inbound_address().rpartition("@")[2] or "helpcenter.invalid"


def reply_address(ticket_id: int) -> str:
    """``support+t123-<signature>@domain``: mail to it reaches request 123 and no other."""
    local, _at, host = inbound_address().rpartition("@")
    value = f"t{ticket_id}"
    return f"{local}+{value}-{_signature(value)}@{host}"


_TOKEN = re.compile(rf"\+(t(\d{{1,12}}))-([0-9a-fA-F]{{{_SIGNATURE_LENGTH}}})@")


def ticket_id_from_address(address: str) -> int | None:
    """The request id a reply address names, or None (not one, or the signature is wrong)."""
    match = _TOKEN.search(address)
    if match is None or not _valid(match.group(1), match.group(3)):
        return None
    return int(match.group(2))


def message_id(reference: str, suffix: str = "") -> str:
    """A signed Message-ID for an e-mail about request ``reference``: ``<hc-2026-000123
    [.suffix].<signature>@domain>``. The same arguments always give the same id."""
    value = reference.lower() + (f".{suffix}" if suffix else "")
    return f"<{value}.{_signature(value)}@{domain()}>"


_MESSAGE_ID = re.compile(
    rf"<?(hc-\d{{4}}-\d{{6,}})((?:\.[a-z0-9-]+)*?)\.([0-9a-f]{{{_SIGNATURE_LENGTH}}})@"
)


def reference_from_message_id(value: str) -> str | None:
    """The request reference (``HC-2026-000123``) of a Message-ID we sent, or None."""
    match = _MESSAGE_ID.search(value.lower())
    if match is None or not _valid(match.group(1) + match.group(2), match.group(3)):
        return None
    return match.group(1).upper()
