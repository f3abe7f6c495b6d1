"""Known customers: exchange the wallet's signed identity, and who the caller is."""

from django.contrib.auth import login
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import wallet_user_for
from api import services
from api.authentication import SessionAuthentication
from api.permissions import Customer
from api.problems import problem_response
from api.serializers import identity as s
from api.views.tickets import valid

REFUSED_STATUS = {
    "not_configured": status.HTTP_503_SERVICE_UNAVAILABLE,
    "replayed": status.HTTP_409_CONFLICT,
    "conflict": status.HTTP_409_CONFLICT,
}


def customer_out(user: object) -> dict[str, object]:
    identity = wallet_user_for(user)
    return {
        "email": user.email,
        "name": user.get_full_name(),
        "wallet_user_id": identity.wallet_user_id if identity else None,
        "phone": identity.phone if identity else "",
    }


class IdentityExchange(APIView):
    """No credential: the signed identity is one. Counted per client IP."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="identity_exchange",
        tags=["identity"],
        auth=[],
        description="Exchange a signed wallet identity (once: its jti is refused afterwards) "
        "for a bearer token (mode=token, the app) or the help center's session cookie "
        "(mode=session, the web and the widget; needs the CSRF cookie and X-CSRFToken header). "
        "The Idempotency-Key header is not used here: the identity itself is single-use.",
        request=s.ExchangeIn,
        responses={200: s.ExchangeOut},
    )
    def post(self, request: Request) -> Response:
        data = valid(s.ExchangeIn, request.data)
        if data["mode"] == "session":
            # A page may only sign its visitor in with the site's CSRF token (no login CSRF).
            SessionAuthentication().enforce_csrf(request)
        try:
            user = services.identity_exchange(
                token=data["identity"], language=get_language() or "zh-hans"
            )
        except services.IdentityRefused as refused:
            code = REFUSED_STATUS.get(refused.code, status.HTTP_401_UNAUTHORIZED)
            response = problem_response("identity_refused", code, refused.message)
            response.data["reason"] = refused.code
            return response
        body = {"customer": customer_out(user)}
        if data["mode"] == "session":
            login(request._request, user, backend="accounts.backends.EmailOrUsernameBackend")
        else:
            body.update(
                token=services.customer_token(user),
                token_type="Bearer",  # noqa: S106 - the scheme's name
                expires_in=services.customer_token_lifetime(),
            )
        return Response(body)


class Me(APIView):
    permission_classes = [Customer]

    @extend_schema(operation_id="me", tags=["identity"], responses=s.CustomerOut)
    def get(self, request: Request) -> Response:
        return Response(customer_out(request.user))
