"""The OpenAPI schema's parts drf-spectacular cannot see: the authentication schemes and the
problem responses every operation may give."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.problems import CONTENT_TYPE

PROBLEM = {
    "type": "object",
    "description": "An RFC 9457 problem, in the caller's language (Accept-Language).",
    "properties": {
        "type": {"type": "string", "description": "urn:helpcenter:problem:<code>"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Invalid fields and their messages.",
            "additionalProperties": True,
        },
        "reason": {"type": "string", "description": "Why a signed identity was refused."},
    },
    "required": ["type", "title", "status", "detail"],
}
# Every operation may answer these; writes also 409 (idempotency, state), 422 (refused).
COMMON = {
    "400": "Invalid request",
    "401": "Not signed in",
    "403": "Not allowed",
    "404": "Not found",
    "406": "Not acceptable",
    "415": "Unsupported media type",
    "429": "Too many requests",
}
WRITES = {"409": "Conflict", "422": "Request refused", "503": "Service unavailable"}


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key (hck_…) or a customer token from the identity "
            "exchange (hcc_…). A key with the tickets:customer scope acts for a wallet user "
            "named in the X-Wallet-User-Id header.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionAuthentication"
    name = "session"
    priority = 1

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the Problem component and the problem responses of
    every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            codes = dict(COMMON)
            if method in ("post", "patch"):
                codes.update(WRITES)
            responses = operation.setdefault("responses", {})
            for code, description in codes.items():
                responses.setdefault(
                    code, {"description": description, "content": {CONTENT_TYPE: {"schema": ref}}}
                )
    return result
