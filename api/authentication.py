"""The API's ways in (docs/api.md): ``Authorization: Bearer`` with an API key (``hck_…``) or a
customer token from the identity exchange (``hcc_…``), or the help center's own session cookie
(the web, with CSRF). A key with the ``tickets:customer`` scope may act for a wallet user who
has signed in before by naming them in ``X-Wallet-User-Id``.

Every authenticated request carries a ``Credential`` in ``request.auth``; ``request.user`` is the
customer the request acts for (anonymous for a key acting for nobody)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api import services
from api.models import ApiKey

WALLET_USER_HEADER = "X-Wallet-User-Id"


@dataclass(frozen=True)
class Credential:
    """Who is calling: an API key, a customer, or a key acting for a customer."""

    api_key: ApiKey | None = None
    customer: AbstractBaseUser | None = None

    def has_scope(self, scope: str) -> bool:
        return self.api_key is not None and self.api_key.has_scope(scope)

    @property
    def name(self) -> str:
        """What idempotency records and rate limits count this credential by."""
        parts = []
        if self.api_key is not None:
            parts.append(f"key:{self.api_key.pk}")
        if self.customer is not None:
            parts.append(f"user:{self.customer.pk}")
        return ":".join(parts)


class BearerAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Credential] | None:
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _sep, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise exceptions.AuthenticationFailed(
                _("Send the key or token as “Authorization: Bearer …”.")
            )
        if token.startswith(services.KEY_PREFIX):
            return self._key(request, token)
        customer = services.customer_for_token(token)
        if customer is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid or has expired. Exchange a new signed identity.")
            )
        return customer, Credential(customer=customer)

    def _key(self, request: Request, token: str) -> tuple[Any, Credential]:
        api_key = services.api_key_authenticate(token)
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("The API key is not valid or was revoked."))
        wallet_user_id = request.headers.get(WALLET_USER_HEADER, "").strip()
        if not wallet_user_id:
            return AnonymousUser(), Credential(api_key=api_key)
        if not api_key.has_scope(ApiKey.Scope.TICKETS_CUSTOMER):
            raise exceptions.PermissionDenied(
                _("This API key may not act for customers (scope tickets:customer).")
            )
        customer = services.wallet_customer_kept(wallet_user_id)
        if customer is None:
            raise exceptions.PermissionDenied(
                _("No customer with this wallet user id has signed in to the help center yet.")
            )
        return customer, Credential(api_key=api_key, customer=customer)

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The help center's session (the web pages, or the widget after the identity exchange),
    CSRF-checked on writes like every form of the site."""

    def authenticate(self, request: Request) -> tuple[Any, Credential] | None:
        found = super().authenticate(request)
        if found is None:
            return None
        user, _auth = found
        return user, Credential(customer=user)
