"""The report's lists: per agent, searches without results, deflecting articles, comments."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Sum
from django.utils.translation import gettext_lazy as _

from chat.models import Conversation
from chat.serialize import display_name
from faq.models import Article
from insights import metrics, selectors
from insights.metrics import Scope
from insights.metrics.base import _summaries, figure, site_zone
from insights.metrics.figures import _final_solves, final_ratings_parts
from insights.models import Event
from insights.reports.tables import COMMENTS_SHOWN, Table, minutes
from tickets.models import SatisfactionRating

Kind = Event.Kind


def agents_table(scope: Scope) -> Table:
    """Per agent: first responses, final solves, chats ended, ratings (their medians)."""

    def grouped(rows: Any, value: Any) -> dict[int, Any]:
        found = _summaries(rows.annotate(group=F("agent")), value)
        return {int(agent): s for agent, s in found.items() if agent is not None}

    first = grouped(scope.events(Kind.FIRST_PUBLIC_RESPONSE), figure())
    solved = grouped(_final_solves(scope), figure())
    chats = grouped(scope.events(Kind.CLOSED).filter(conversation_id__isnull=False), figure())
    # Ratings: count and average only (no percentile to sort for), requests and chats apart.
    found: dict[int, tuple[int, float]] = {}
    for part in final_ratings_parts(scope):
        grouped = (
            part.annotate(group=F("agent"))
            .values("group")
            .annotate(n=Count("id"), total=Sum(figure()))
            .order_by()
        )
        for r in grouped:
            if r["group"] is not None:
                n, total = found.get(int(r["group"]), (0, 0.0))
                found[int(r["group"])] = (n + r["n"], total + (r["total"] or 0))
    ratings = {
        agent: metrics.base.Summary(n, total / n if n else None)
        for agent, (n, total) in found.items()
    }
    ids = set(first) | set(solved) | set(chats) | set(ratings)
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}
    empty = metrics.base.Summary()
    rows = []
    for agent_id in sorted(ids, key=lambda pk: display_name(users[pk]) if pk in users else ""):
        f, s = first.get(agent_id, empty), solved.get(agent_id, empty)
        c, r = chats.get(agent_id, empty), ratings.get(agent_id, empty)
        name = display_name(users[agent_id]) if agent_id in users else _("(removed)")
        rows.append(
            {
                "agent": str(name),
                "agent_id": agent_id,
                "first_responses": f.count,
                "first_response_median": minutes(f.median),
                "solved": s.count,
                "resolution_median": minutes(s.median),
                "chats": c.count,
                "handle_median": minutes(c.median),
                "ratings": r.count,
                "csat": r.average,
            }
        )
    columns = [
        ("agent", _("Agent")),
        ("first_responses", _("First responses")),
        ("first_response_median", _("First response, median (min)")),
        ("solved", _("Solved")),
        ("resolution_median", _("Resolution, median (min)")),
        ("chats", _("Chats ended")),
        ("handle_median", _("Handling, median (min)")),
        ("ratings", _("Ratings")),
        ("csat", _("Average rating")),
    ]
    return Table("agents", _("Agents"), columns, rows)


def searches_table(scope: Scope) -> Table:
    found = selectors.searches_without_results(
        start=scope.start, end=scope.end, language=scope.language
    )
    return Table(
        "searches",
        _("Top searches without results"),
        [("query", _("Search words")), ("count", _("Searches"))],
        [{"query": q, "count": n} for q, n in found],
    )


def articles_table(scope: Scope, language: str) -> Table:
    found = selectors.most_deflecting_articles(start=scope.start, end=scope.end)
    titles = {a.pk: a for a in Article.objects.filter(pk__in=[f.article_id for f in found])}
    rows = []
    for item in found:
        article = titles.get(item.article_id)
        title = (
            (article.title_en if language == "en" else article.title_zh_hans) if article else "—"
        )
        rows.append({"article": title, "readings": item.readings, "deflected": item.deflected})
    return Table(
        "articles",
        _("Most deflecting articles"),
        [
            ("article", _("Article")),
            ("readings", _("Read after being offered")),
            ("deflected", _("Then asked nothing within 24 h")),
        ],
        rows,
    )


def comments_table(scope: Scope) -> Table:
    """The latest rating comments in the range (from the ratings themselves: erased with the
    customer, unlike the figures)."""
    tickets = (
        SatisfactionRating.objects.filter(updated_at__gte=scope.start, updated_at__lt=scope.end)
        .exclude(comment="")
        .select_related("ticket")
    )
    chats = Conversation.objects.filter(rated_at__gte=scope.start, rated_at__lt=scope.end).exclude(
        rating_comment=""
    )
    if scope.agent_id is not None:
        tickets = tickets.filter(ticket__assignee_id=scope.agent_id)
        chats = chats.filter(agent_id=scope.agent_id)
    if scope.topic_id is not None:
        tickets = tickets.filter(ticket__category_id=scope.topic_id)
        chats = chats.filter(topic_id=scope.topic_id)
    if scope.language:
        tickets = tickets.filter(ticket__language=scope.language)
        chats = chats.filter(language=scope.language)
    zone = site_zone()
    rows = [
        {
            "when": r.updated_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "what": r.ticket.reference,
            "score": r.score,
            "comment": r.comment,
        }
        for r in tickets.order_by("-updated_at")[:COMMENTS_SHOWN]
    ] + [
        {
            "when": c.rated_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "what": f"chat {c.pk}",
            "score": c.rating_score,
            "comment": c.rating_comment,
        }
        for c in chats.order_by("-rated_at")[:COMMENTS_SHOWN]
    ]
    rows.sort(key=lambda row: row["when"], reverse=True)
    return Table(
        "comments",
        _("Rating comments"),
        [
            ("when", _("When")),
            ("what", _("Request or chat")),
            ("score", _("Score")),
            ("comment", _("Comment")),
        ],
        rows[:COMMENTS_SHOWN],
    )


# The cards above the tables: (table, column, label, unit). Each shows its table's total.
