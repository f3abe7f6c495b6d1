"""Demo data of the workspace for ``manage.py seed_demo``: the help articles two customers read
before they sent their request, so the pane's customer panel has "Viewed before contacting us"
to show, and a few notifications in every agent's bell (when they have none yet). Idempotent
(the visitors' ids start with ``demo-pane-``)."""

from datetime import timedelta

from faq.models import Article
from insights import services
from insights.models import Event
from insights.services import EventRow
from tickets.models import Ticket

READERS = 2


def load() -> None:
    _notifications()
    if Event.objects.filter(visitor__startswith="demo-pane-").exists():
        return
    articles = list(Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk")[:3])
    tickets = list(Ticket.objects.filter(source=Ticket.Source.WEB).order_by("pk")[:READERS])
    if not articles:
        return
    rows = []
    for ticket in tickets:
        visitor = f"demo-pane-{ticket.pk}"
        common = {"visitor": visitor, "channel": Event.Channel.WEB, "language": ticket.language}
        for minutes, article in zip((12, 7), articles, strict=False):
            rows.append(
                EventRow(
                    kind=Event.Kind.ARTICLE_VIEWED,
                    at=ticket.created_at - timedelta(minutes=minutes),
                    article_id=article.pk,
                    **common,
                )
            )
        rows.append(
            EventRow(
                kind=Event.Kind.REQUEST_STARTED,
                at=ticket.created_at,
                ticket_id=ticket.pk,
                topic_id=ticket.category_id,
                **common,
            )
        )
    services.events_record_many(events=rows)


def _notifications() -> None:
    """Each agent with requests assigned gets the bell's kinds for their newest ones (unread),
    as the receivers would have written them."""
    from workspace import notifications
    from workspace.models import AgentNotification

    Kind = AgentNotification.Kind
    assigned = Ticket.objects.filter(assignee__isnull=False).order_by("-created_at")
    for agent_id in set(assigned.values_list("assignee_id", flat=True)[:200]):
        if AgentNotification.objects.filter(recipient_id=agent_id).exists():
            continue
        for ticket, kind in zip(
            assigned.filter(assignee_id=agent_id)[:3],
            (Kind.CUSTOMER_REPLY, Kind.TICKET_ASSIGNED, Kind.SLA_WARNING),
            strict=False,
        ):
            params = {
                "reference": ticket.reference,
                "subject": ticket.subject,
                "customer": ticket.customer_name or ticket.customer_email,
                "actor": "",
                "target": "first_response",
            }
            notifications.notify(recipient_ids=[agent_id], kind=kind, ticket=ticket, params=params)
