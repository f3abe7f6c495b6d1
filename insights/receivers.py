"""Deflection events, recorded when the apps below announce what a visitor did (their
signals; they cannot import this app). Each receiver runs in the request that did it, so the
visitor is read from that request (``insights.visitors``)."""

from dataclasses import asdict
from typing import Any

from django.dispatch import receiver
from django.http import HttpRequest

from chat.signals import conversation_started, message_left
from faq.signals import searched
from insights import batching, services
from insights.models import Event
from insights.visitors import visitor_id
from tickets.signals import request_submitted

Kind = Event.Kind
Channel = Event.Channel


def _channel(request: HttpRequest) -> str:
    """The chat widget says where it asks from (``from=widget``); the rest are the pages."""
    return Channel.WIDGET if request.GET.get("from") == "widget" else Channel.WEB


@receiver(searched, dispatch_uid="insights.searched")
def record_search(
    *,
    request: HttpRequest,
    query: str,
    language: str,
    article_ids: list[int],
    where: str,
    **kwargs: Any,
) -> None:
    """Suggestions the API showed (with their article ids), and every search that found
    nothing, from the API or the search page (with its words). Results of the search page are
    not "suggestions": opening one is recorded by the article's beacon."""
    common = {
        "visitor": visitor_id(request),
        "channel": _channel(request),
        "language": language.replace("_", "-"),  # the site's language codes, like chats'
    }
    # Neither records a change, and the suggestions API answers as fast as a customer types:
    # written in batches (insights.batching).
    if article_ids and where == "api":
        source = "search" if query.strip() else "topic"
        batching.record(
            services.EventRow(
                kind=Kind.SUGGESTION_SHOWN,
                data={"article_ids": article_ids, "source": source},
                **common,
            )
        )
    elif not article_ids and query.strip():
        batching.record(
            services.EventRow(
                kind=Kind.SEARCH_WITHOUT_RESULTS, query=query, data={"where": where}, **common
            )
        )


@receiver(conversation_started, dispatch_uid="insights.conversation_started")
def record_chat_started(*, request: HttpRequest, conversation: Any, **kwargs: Any) -> None:
    services.event_record(
        kind=Kind.CHAT_STARTED,
        visitor=visitor_id(request),
        conversation_id=conversation.pk,
        topic_id=conversation.topic_id,
        channel=Channel.WIDGET,
        language=conversation.language,
    )


@receiver(message_left, dispatch_uid="insights.message_left")
def record_message_left(*, request: HttpRequest, ticket: Any, **kwargs: Any) -> None:
    _record_request(request, ticket, Channel.WIDGET)


@receiver(request_submitted, dispatch_uid="insights.request_submitted")
def request_submitted_rows(*, request: HttpRequest, ticket: Any, **kwargs: Any) -> list[Event]:
    """The form's "request started" row, written in the new request's own statement."""
    return [services.event_build(row=_request_row(request, ticket, Channel.WEB))]


def _record_request(request: HttpRequest, ticket: Any, channel: str) -> None:
    services.event_record(**asdict(_request_row(request, ticket, channel)))


def _request_row(request: HttpRequest, ticket: Any, channel: str) -> services.EventRow:
    return services.EventRow(
        kind=Kind.REQUEST_STARTED,
        visitor=visitor_id(request),
        ticket_id=ticket.pk,
        topic_id=ticket.category_id,
        channel=channel,
        language=ticket.language,
    )
