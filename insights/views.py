"""The beacon: how pages report what the server cannot see. Article pages are served from the
anonymous shared cache (``faq.middleware``) without reaching a view, and articles read inside
the chat widget come from a JSON read; both report the reading here with
``navigator.sendBeacon``."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.ratelimits import rate_limited
from faq.models import Article
from insights import services
from insights.models import Event
from insights.visitors import visitor_id

BEACON_RATE = "60/m"  # per client address; a reader opens a few articles a minute at most
BEACON_MAX_BYTES = 512
# Where the article was offered: a suggestion (type-ahead, the widget's search, the request
# form), the topic's list in the widget, or the search page. Anything else is a plain view.
SUGGESTED_SOURCES = {"suggestion", "topic", "search"}
CHANNELS = {Event.Channel.WEB, Event.Channel.WIDGET}


def _same_origin(request: HttpRequest) -> bool:
    """Browsers send Origin with every POST, sendBeacon's included; only our own pages may
    report (no CSRF token: a shared cached page has none)."""
    origin = request.headers.get("Origin", "")
    return bool(origin) and origin == f"{request.scheme}://{request.get_host()}"


def _payload(body: bytes) -> dict | None:
    if len(body) > BEACON_MAX_BYTES:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or type(data.get("article")) is not int:
        return None
    return data


@csrf_exempt
@require_POST
@rate_limited("insights:beacon", BEACON_RATE, methods=None)
def beacon(request: HttpRequest) -> HttpResponse:
    """``POST /api/insights/beacon`` with ``{"article": id, "source": "suggestion"|"topic"|
    "search"|"", "channel": "web"|"widget", "lang": "en"}``: an article was read, after being
    offered (suggested article opened) or not (article viewed). 204; 400 for a bad body or an
    article that is not public, 403 from another origin."""
    if not _same_origin(request):
        return HttpResponse(status=403)
    data = _payload(request.body)
    if data is None:
        return HttpResponse(status=400)
    article = (
        Article.objects.filter(
            pk=data["article"], status=Article.Status.PUBLISHED, category__is_active=True
        )
        .values_list("pk", flat=True)
        .first()
    )
    if article is None:
        return HttpResponse(status=400)
    source = data.get("source")
    suggested = source in SUGGESTED_SOURCES
    channel = data.get("channel")
    language = data.get("lang")
    services.event_record(
        kind=Event.Kind.SUGGESTED_ARTICLE_OPENED if suggested else Event.Kind.ARTICLE_VIEWED,
        visitor=visitor_id(request),
        article_id=article,
        channel=channel if channel in CHANNELS else Event.Channel.WEB,
        language=language if language in dict(settings.LANGUAGES) else "",
        data={"source": source} if suggested else {},
    )
    return HttpResponse(status=204)
