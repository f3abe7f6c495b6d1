"""The one event log every service metric is computed from (docs/metrics.md).

Append-only: rows are inserted by ``insights.services`` and never changed or deleted by the
application (the admin is read-only). Customers appear only as an opaque ``visitor`` (a random
cookie id, or ``account:<user id>``) and tickets, chats, articles and topics only as plain ids,
not foreign keys, so erasing a customer or a ticket leaves the metrics whole."""

from typing import Any

from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

QUERY_MAX_CHARS = 200
VISITOR_MAX_CHARS = 64
# Which number of ``data`` is a row's ``value`` (docs/metrics.md, Lifecycle rows).
VALUE_KEYS = {
    "first_public_response": "business_seconds",
    "solved": "business_seconds",
    "accepted": "wait_seconds",
    "abandoned": "wait_seconds",
    "closed": "handle_seconds",
    "rated": "score",
}


class JsonScalar(models.Func):
    """``data[key]`` as a plain SQL value, NULL for a missing key or a JSON null (PostgreSQL's
    ``->>``; SQLite's ``JSON_EXTRACT``, which gives 1/0 for booleans where ``->>`` would give
    the texts 'true' and 'null'). ``key`` is one of this module's constants, never input."""

    output_field = models.TextField()

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(models.F("data"))

    def __repr__(self) -> str:
        return f"JsonScalar({self.key!r})"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template=f"(%(expressions)s ->> '{self.key}')")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f"JSON_EXTRACT(%(expressions)s, '$.\"{self.key}\"')"
        return self.as_sql(compiler, connection, template=template)

    def deconstruct(self) -> tuple:
        return ("insights.models.JsonScalar", (self.key,), {})


def _number(key: str, field: models.Field) -> Cast:
    return Cast(JsonScalar(key), field)


def _value() -> models.Case:
    """The row's main figure as a typed column (seconds, or the score of a rating)."""
    keys: dict[str, list[str]] = {}
    for kind, key in VALUE_KEYS.items():
        keys.setdefault(key, []).append(kind)
    return models.Case(
        *[
            models.When(kind__in=kinds, then=_number(key, models.FloatField()))
            for key, kinds in keys.items()
        ],
        output_field=models.FloatField(null=True),
    )


class Event(models.Model):
    class Kind(models.TextChoices):
        # Ticket and chat lifecycle, written in the transaction of the change (insights.lifecycle).
        CREATED = "created", _("Created")
        QUEUED = "queued", _("Queued")
        ASSIGNED = "assigned", _("Assigned")
        ACCEPTED = "accepted", _("Accepted")
        FIRST_PUBLIC_RESPONSE = "first_public_response", _("First public response")
        REPLIED = "replied", _("Replied")
        STATUS_CHANGED = "status_changed", _("Status changed")
        SOLVED = "solved", _("Solved")
        REOPENED = "reopened", _("Reopened")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged")
        TRANSFERRED = "transferred", _("Transferred")
        ABANDONED = "abandoned", _("Abandoned")
        RATED = "rated", _("Rated")
        # Deflection: what a visitor did before (or instead of) asking us.
        SUGGESTION_SHOWN = "suggestion_shown", _("Suggestion shown")
        SUGGESTED_ARTICLE_OPENED = "suggested_article_opened", _("Suggested article opened")
        ARTICLE_VIEWED = "article_viewed", _("Article viewed")
        SEARCH_WITHOUT_RESULTS = "search_without_results", _("Search without results")
        CHAT_STARTED = "chat_started", _("Chat started")
        REQUEST_STARTED = "request_started", _("Request started")

    class Channel(models.TextChoices):
        WEB = "web", _("Help center pages")
        WIDGET = "widget", _("Chat widget")
        EMAIL = "email", _("E-mail")
        API = "api", _("API")
        # Where a request came from (tickets' sources beyond the pages and e-mail).
        CHAT = "chat", _("Live chat")
        PHONE = "phone", _("Phone")
        SOCIAL = "social", _("Social media")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    at = models.DateTimeField(_("at"), db_index=False)
    visitor = models.CharField(
        _("visitor"),
        max_length=VISITOR_MAX_CHARS,
        blank=True,
        help_text=_("A random browser id, or account:<user id> when signed in; never a name."),
    )
    ticket_id = models.BigIntegerField(_("request id"), null=True, blank=True)
    conversation_id = models.BigIntegerField(_("chat id"), null=True, blank=True)
    article_id = models.BigIntegerField(_("article id"), null=True, blank=True)
    topic_id = models.BigIntegerField(_("topic id"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    query = models.CharField(
        _("search words"),
        max_length=QUERY_MAX_CHARS,
        blank=True,
        help_text=_("Kept only for searches without results."),
    )
    data = models.JSONField(_("figures"), default=dict, blank=True)
    # Typed copies of ``data``'s figures, computed by the database when a row is inserted (so
    # every writer, raw SQL included, fills them): reports aggregate these plain columns from a
    # covering index instead of parsing JSON on every row (docs/metrics.md, Performance).
    agent = models.GeneratedField(
        expression=_number("agent", models.BigIntegerField()),
        output_field=models.BigIntegerField(null=True),
        db_persist=True,
        verbose_name=_("agent id"),
    )
    value = models.GeneratedField(
        expression=_value(),
        output_field=models.FloatField(null=True),
        db_persist=True,
        verbose_name=_("figure"),
    )
    first = models.GeneratedField(
        expression=_number("first", models.BooleanField()),
        output_field=models.BooleanField(null=True),
        db_persist=True,
        verbose_name=_("first time"),
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["kind", "at"], name="insights_event_kind_at"),
            models.Index(fields=["visitor", "at"], name="insights_event_visitor_at"),
            # A ticket's or a chat's own rows: "was this solve the last?", "when was it taken?"
            models.Index(
                fields=["ticket_id", "at"],
                name="insights_event_ticket_at",
                condition=models.Q(ticket_id__isnull=False),
            ),
            models.Index(
                fields=["conversation_id", "at"],
                name="insights_event_chat_at",
                condition=models.Q(conversation_id__isnull=False),
            ),
            # "Is this the last rating / the last solve?": the changed ratings and the
            # reopenings are few, so these indexes stay small.
            models.Index(
                fields=["ticket_id", "at"],
                name="insights_event_ticket_rerated",
                condition=models.Q(kind="rated", first=False, ticket_id__isnull=False),
            ),
            models.Index(
                fields=["conversation_id", "at"],
                name="insights_event_chat_rerated",
                condition=models.Q(kind="rated", first=False, conversation_id__isnull=False),
            ),
            models.Index(
                fields=["ticket_id", "at"],
                name="insights_event_reopened",
                condition=models.Q(kind="reopened", ticket_id__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(query="") | models.Q(kind="search_without_results"),
                name="insights_event_query_only_for_misses",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class DailyVolume(models.Model):
    """The daily rollup of the event log for volume and backlog (docs/metrics.md, Daily
    rollup): per day in the site's time zone, topic, channel and language, how many requests
    and chats were created and how the backlog changed. Whole past days only, written by
    ``insights.rollup.rollup_refresh`` (a Celery beat task); reports read it for the days it
    holds and the raw events for the rest."""

    day = models.DateField(_("day"))
    topic_id = models.BigIntegerField(_("topic id"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Event.Channel.choices, blank=True
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    created = models.PositiveIntegerField(_("new requests and chats"), default=0)
    backlog = models.IntegerField(_("backlog change"), default=0)

    class Meta:
        verbose_name = _("daily volume")
        verbose_name_plural = _("daily volumes")
        indexes = [models.Index(fields=["day"], name="insights_dailyvolume_day")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class RollupState(models.Model):
    """One row: how far the daily rollup goes. Every day up to ``rolled_through`` is in
    ``DailyVolume``; events up to ``last_event_id`` were looked at (a later row dated on a
    rolled day makes the next refresh roll that day again)."""

    rolled_through = models.DateField(_("rolled up through"), null=True, blank=True)
    last_event_id = models.BigIntegerField(_("last event looked at"), default=0)
    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup states")

    def __str__(self) -> str:
        return str(self.rolled_through or "—")
