import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts import selectors as account_selectors
from chat import selectors as chat_selectors
from core import realtime
from helpcenter.health import run_checks
from tickets import selectors as ticket_selectors

LOOPBACK = {"127.0.0.1", "::1"}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when database, channel layer and broker all answer, 503 otherwise."""
    checks = run_checks()
    healthy = all(check["status"] == "up" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )


@csrf_exempt  # authenticated by an HMAC of the body, from loopback only
@require_POST
def realtime_relay(request: HttpRequest) -> HttpResponse:
    """Receives events posted by Celery workers in the embedded default (see core.realtime)
    and hands them to this process's in-memory channel layer."""
    if request.META.get("REMOTE_ADDR") not in LOOPBACK:
        return HttpResponseForbidden()
    timestamp = request.headers.get("X-Relay-Timestamp", "")
    signature = request.headers.get("X-Relay-Signature", "")
    if not realtime.verify(request.body, timestamp, signature):
        return HttpResponseForbidden()
    payload = json.loads(request.body)
    async_to_sync(get_channel_layer().group_send)(payload["group"], payload["event"])
    return HttpResponse(status=204)


def ratelimited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown when a rate limit blocks a request (core.ratelimits): a clear, translated 429."""
    message = _("Too many requests. Please wait a minute and try again.")
    if request.headers.get("Accept", "").startswith("application/json") or request.path.startswith(
        "/api/"
    ):
        return JsonResponse({"error": "rate_limited", "message": message}, status=429)
    return render(request, "429.html", {"message": message}, status=429)


@login_required
@require_GET
def my_requests(request: HttpRequest) -> HttpResponse:
    """A signed-in customer's requests and chats (guest ones join once the address is
    confirmed: accounts.signals.email_confirmed)."""
    context = {
        "tickets": ticket_selectors.ticket_list_for_customer(user=request.user),
        "chats": chat_selectors.conversation_list_for_customer(user=request.user),
        "email": account_selectors.email_state(request.user),
    }
    return render(request, "tickets/my_list.html", context)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the logo (its URL
    carries the file's hash, so the answer may be kept for a day)."""
    response = HttpResponsePermanentRedirect(static("img/logo.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
