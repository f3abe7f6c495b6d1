"""Who may call which endpoint: by the ``Credential`` in ``request.auth``."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from api.authentication import Credential
from api.models import ApiKey


def _credential(request: Request) -> Credential | None:
    return request.auth if isinstance(request.auth, Credential) else None


class FaqReader(BasePermission):
    """A key with ``faq:read``, or any customer (the app shows the FAQ to signed-in users)."""

    message = _("This API key may not read the knowledge base (scope faq:read).")

    def has_permission(self, request: Request, view: Any) -> bool:
        credential = _credential(request)
        return credential is not None and (
            credential.customer is not None or credential.has_scope(ApiKey.Scope.FAQ_READ)
        )


class Customer(BasePermission):
    """A customer: a bearer token, the session, or a ``tickets:customer`` key acting for one.
    Staff signed in to the site are not customers here: they work in the console, and the API
    gives staff powers to staff keys only."""

    message = _(
        "Sign in as a customer: a token from the identity exchange, the session, or an API key "
        "with the tickets:customer scope and the X-Wallet-User-Id header."
    )

    def has_permission(self, request: Request, view: Any) -> bool:
        credential = _credential(request)
        return (
            credential is not None
            and credential.customer is not None
            and not credential.customer.is_staff
        )


class StaffKey(BasePermission):
    """An API key with the ``staff`` scope."""

    message = _("Only API keys with the staff scope may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        credential = _credential(request)
        return credential is not None and credential.has_scope(ApiKey.Scope.STAFF)
