"""The browser side of the live chat: the customer's chat pages, the launcher script and the
agents' console. Everything they do after loading goes through the JSON API and the websockets
of docs/chat-protocol.md; these views only render the page and the translated strings the
scripts need (json_script), so JavaScript never carries its own translations."""

import json
from typing import Any

from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from accounts.decorators import agent_required
from accounts.roles import is_supervisor
from chat import access, protocol, selectors
from chat.models import WidgetOrigin
from core import uploads as attachments
from core.i18n import localized
from core.models import Topic
from faq.selectors import public_articles


def _widget_strings() -> dict[str, str]:
    """Strings widget.js puts on screen; {name}-style placeholders are filled in by the script."""
    return {
        "connecting": _("Connecting…"),
        "open": _("Connected"),
        "waiting": _("Reconnecting…"),
        "offline": _("Offline: we will reconnect when your network is back."),
        "closed": _("Chat ended"),
        "retry": _("Retry"),
        "sending": _("Sending…"),
        "sent": _("Delivered"),
        "read": _("Seen"),
        "you": _("You"),
        "them": _("Support"),
        "queue_position": _("You are number {position} in the queue."),
        "queue_next": _("You are next in the queue."),
        "queue_wait": _("Estimated wait: about {minutes} min."),
        "queue_wait_short": _("Estimated wait: less than a minute."),
        "subtitle_waiting": _("Waiting for an agent"),
        "subtitle_active": _("You are chatting with {name}"),
        "subtitle_closed": _("This chat has ended"),
        "typing": _("{name} is typing…"),
        "too_long": _("Too long: a message can have at most 4,000 characters."),
        "rate_limited": _("You are sending messages quickly; retrying in a moment."),
        "not_sent": _("Not sent."),
        "error": _("Something went wrong. Please try again."),
        "network_error": _(
            "We could not reach the help center. Check your connection and try again."
        ),
        "ticket_created": _("Thank you. We created request {reference} and will reply by e-mail."),
        "tickets_unavailable": _(
            "We cannot take messages right now. Please try again later or use our other contact "
            "channels."
        ),
        "transcript_sent": _("The transcript is on its way to your inbox."),
        "rating_thanks": _("Thank you for your feedback."),
        "blocked": _("Your browser blocks the chat inside this page."),
        "too_many_files": _("You can send at most {count} files at once."),
        "file_too_large": _("“{name}” is larger than 10 MB."),
        "rate_limited_files": _("You are sending files quickly; wait a minute and retry."),
        # "Search our help" (static/chat/help.js)
        "help_popular": _("Popular answers"),
        "help_results": _("Answers"),
        "help_found": _("{count} answers found."),
        "help_none": _("No answers found. Chat with us or leave a request below."),
        "help_loading": _("Loading…"),
        "help_error": _("The article could not be loaded. Please try again."),
    }


_SHARED_KEYS = (
    "connecting",
    "open",
    "waiting",
    "offline",
    "retry",
    "sending",
    "sent",
    "read",
    "you",
    "too_long",
    "not_sent",
    "error",
    "typing",
    "network_error",
    "too_many_files",
    "file_too_large",
    "rate_limited_files",
)


def _console_strings() -> dict[str, str]:
    """Strings console.js puts on screen."""
    widget = _widget_strings()
    return {
        **{key: widget[key] for key in _SHARED_KEYS},
        "closed": _("Disconnected"),
        "them": _("Customer"),
        "accept": _("Accept"),
        "open_chat": _("View"),
        "waiting_since": _("waiting {minutes} min"),
        "waiting_now": _("just arrived"),
        "status_waiting": _("Waiting"),
        "status_active": _("Active"),
        "status_closed": _("Closed"),
        "no_topic": _("No topic"),
        "guest": _("Guest"),
        "registered": _("Registered customer"),
        "wallet_user": _("Wallet user, signed in"),
        "none": _("None"),
        "notify_new_chat": _("New chat waiting"),
        "notify_new_message": _("New message from {name}"),
        "unread": _("{count} unread"),
        "converted": _("Converted to request {reference}."),
        "transferred": _("Transferred to {name}."),
        "transferred_to_you": _("{name} transferred this chat to you."),
        "unassigned_transferred": _("This chat was transferred to another agent."),
        "unassigned_away": _("You were set to away, so this chat went back to the queue."),
        "unassigned_closed": _("This chat was closed."),
        "unassigned_taken_over": _("A supervisor took over this chat."),
        "unassigned_reassigned": _("A supervisor gave this chat to another agent."),
        "read_only": _("You are viewing this chat; accept it to reply."),
        "at_capacity": _("You are at your chat capacity."),
        "not_waiting": _("Another agent has already taken this chat."),
        "agent_unavailable": _("That agent cannot take chats right now."),
        "tickets_unavailable": _("Requests cannot be created right now."),
        "forbidden": _("Only the assigned agent can do that."),
        "no_agents": _("No other agent is online."),
        "agent_option": _("{name} ({active}/{capacity} chats)"),
        "no_canned": _("No canned replies match."),
        "no_email": _("The customer left no e-mail address, so no request can be created."),
        "already_converted": _("This chat is already a request."),
        "note": _("Note: {note}"),
        "close_tab": _("Close tab"),
        "load": _("{active} of {capacity} chats"),
        "agent_online": _("Online"),
        "agent_away": _("Away"),
        "agent_offline": _("Offline"),
    }


def _file_config() -> dict[str, Any]:
    """What the scripts check before uploading (the server checks again, types from bytes)."""
    return {"maxFiles": protocol.MAX_FILES_PER_MESSAGE, "maxFileBytes": attachments.MAX_BYTES}


def _widget_origins() -> list[str]:
    """The company sites admins allow to embed the widget (the websocket Origin check's list)."""
    return list(WidgetOrigin.objects.filter(is_active=True).values_list("origin", flat=True))


def _topics() -> list[dict[str, str]]:
    """The pre-chat topics (the request form's categories) in the page's language, rendered into
    the form so it is usable before any API call returns."""
    rows = Topic.objects.filter(is_active=True).order_by("position", "id")
    return [{"slug": c.slug, "name": localized(c, "name")} for c in rows]


def _chat_context(request: HttpRequest, *, embedded: bool) -> dict[str, Any]:
    user = request.user
    known = user.is_authenticated and not user.is_staff
    return {
        "embedded": embedded,
        "topics": _topics(),
        "rating_choices": [
            (1, _("1 – Very poor")),
            (2, _("2 – Poor")),
            (3, _("3 – Okay")),
            (4, _("4 – Good")),
            (5, _("5 – Excellent")),
        ],
        "prefill_name": (user.get_full_name() or user.get_username()) if known else "",
        "prefill_email": user.email if known else "",
        "chat_strings": _widget_strings(),
        "file_accept": attachments.ACCEPT,
        "chat_config": {
            "api": "/api/chat",
            "suggestUrl": "/api/faq/suggest",
            "articleUrl": "/api/faq/articles/",
            # The widget opens on "Search our help" when there is help to search; the page that
            # embeds it names its topic (data-topic on the loader's tag, ?topic= on the page).
            "helpFirst": public_articles().exists(),
            "topic": request.GET.get("topic", "")[:80],
            # A signed-in customer mid-chat on another device goes straight back to it.
            "openConversation": selectors.conversation_open_for_customer(user=user),
            "lang": get_language(),
            # Topics of security reports: their chats offer "Freeze my wallet account".
            "securityTopics": list(
                Topic.objects.filter(is_active=True, is_security=True).values_list(
                    "slug", flat=True
                )
            ),
            "maxBody": protocol.MAX_BODY_CHARS,
            **_file_config(),
        },
    }


@require_GET
@ensure_csrf_cookie
def page(request: HttpRequest) -> HttpResponse:
    """The full-page chat, inside the help center's own header and footer."""
    return render(request, "chat/page.html", _chat_context(request, embedded=False))


@require_GET
@ensure_csrf_cookie
@xframe_options_exempt
def embed(request: HttpRequest) -> HttpResponse:
    """The bare chat: the launcher's iframe (here or on an allowed company site) and the page a
    mobile app opens in its webview. Only our own pages and the admin-listed widget origins may
    frame it (CSP frame-ancestors); everything else keeps X-Frame-Options' DENY spirit."""
    response = render(request, "chat/embed.html", _chat_context(request, embedded=True))
    # The site's policy (settings.CONTENT_SECURITY_POLICY) with only frame-ancestors widened,
    # the origins read per request; django-csp's middleware keeps a header a view has set.
    response["Content-Security-Policy"] = build_policy(
        replace={"frame-ancestors": ["'self'", *_widget_origins()]}
    )
    return response


@require_GET
@cache_control(public=True, max_age=3600)
def loader(request: HttpRequest) -> HttpResponse:
    """The launcher script for one language: ``<script src=".../en/chat/loader.js" async>``."""
    config = {
        "embedPath": reverse("chat:embed"),
        "lang": get_language(),  # the launcher's font order follows it (static/chat/launcher.css)
        "strings": {
            "open": _("Chat with us"),
            "close": _("Minimise chat"),  # it hides the window; the chat goes on
            "title": _("Live chat"),
            "unread": _("{count} unread messages"),
        },
    }
    return render(
        request,
        "chat/loader.js",
        {"config_json": json.dumps(config, ensure_ascii=False)},
        content_type="text/javascript; charset=utf-8",
    )


@login_required
@require_GET
def history(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """A signed-in customer's chat, read back from "My requests": every line with its files, and
    the way back into the chat while it is still going. 404 for any chat not theirs."""
    try:
        conversation = access.conversation_get_for_customer(
            conversation_id=conversation_id, user=request.user
        )
    except access.ChatAccessDenied:
        raise Http404 from None
    return render(
        request,
        "chat/history.html",
        {
            "conversation": conversation,
            "lines": selectors.conversation_messages(conversation_id=conversation.pk),
        },
    )


@agent_required
def console(request: HttpRequest) -> HttpResponse:
    """The agents' chat workspace: queue, several conversations at once, customer context."""
    return render(
        request,
        "chat/console.html",
        {
            "console_section": "chat",
            "console_strings": _console_strings(),
            "file_accept": attachments.ACCEPT,
            "console_config": {
                "api": "/api/chat",
                "socket": "/ws/agent/",
                "supervisor": is_supervisor(request.user),
                "lang": get_language(),
                "languages": dict(settings.LANGUAGES),
                "sound": static("chat/notify.wav"),
                # Topic names in the agent's language, whatever language a frame was built in.
                "topics": {topic["slug"]: topic["name"] for topic in _topics()},
                "maxBody": protocol.MAX_BODY_CHARS,
                # The security desk's page of a chat is this followed by "<id>/".
                "security": reverse("wallet_console:conversation", args=["chat", 0])[:-2],
                **_file_config(),
            },
        },
    )
