"""The one writer of the audit log (``core.models.AuditEntry``).

Every app records staff access to customer data and every sensitive action here: who (user id
and role), what, when, from which address, on which object, and about which customer (internal
user id only: never a name or an e-mail address). Rows are append-only.
"""

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from core.models import AuditEntry
from core.ratelimits import client_ip

Action = AuditEntry.Action


def actor_role(user: Any) -> str:
    """The role an actor held when they acted: their staff groups (agent, supervisor, admin),
    "superuser", or "customer"/"" for others. Read from the groups so that core needs no app."""
    if not getattr(user, "is_authenticated", False):
        return ""
    if user.is_superuser:
        return "superuser"
    groups = sorted(user.groups.values_list("name", flat=True))
    return ",".join(groups)[:60] if groups else "customer"


def audit_record(
    *,
    action: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    address: str = "",
    object_type: str = "",
    object_id: object = "",
    customer_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit row. ``actor`` defaults to ``request.user`` and ``address`` to the
    request's client address (``core.ratelimits.client_ip``); ``detail`` is a small JSON object
    (no personal data: ids, reasons, methods)."""
    if actor is None and request is not None:
        actor = request.user
    if not address and request is not None:
        address = client_ip(request)
    authenticated = getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor_id=actor.pk if authenticated else None,
        actor_role=actor_role(actor),
        action=action,
        address=address[:64],
        object_type=object_type[:40],
        object_id=str(object_id)[:64],
        customer_id=customer_id,
        detail=dict(detail or {}),
    )
    entry.save()
    return entry
