"""Reads for the staff console's ticket queues and ticket page (read-only; every write goes
through ``tickets.services``).

Queues are plain indexed queries: the status/assignee tabs use ``ticket_status_created`` and
``ticket_assignee``, the SLA tabs the partial due-time indexes behind ``sla.at_risk_q`` /
``sla.breached_q``, and rows come with their category and assignee in the same query
(``select_related``), so a page of 50 tickets is two queries (count + rows) whatever its size.
The console permission predicates at the end are the role rules documented in
``docs/tickets-console.md``.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from accounts.roles import ADMIN, AGENT, SUPERVISOR, is_supervisor
from accounts.selectors import is_wallet_user
from core.i18n import localized
from core.kept_query import kept_rows
from core.models import Topic
from teams.selectors import team_work_q
from tickets import live, selectors, sla
from tickets.models import (
    CannedResponse,
    SatisfactionRating,
    SlaReminder,
    Ticket,
    TicketEvent,
    TicketMessage,
)

PAGE_SIZE = 50


class Tab:
    """The console's ticket queues."""

    UNASSIGNED = "unassigned"
    MINE = "mine"
    OPEN = "open"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    VALUES = (UNASSIGNED, MINE, OPEN, AT_RISK, BREACHED)
    DEFAULT = OPEN


# Columns the queue rows show: enough for the table, nothing heavy.
LIST_FIELDS = (
    "reference",
    "subject",
    "status",
    "priority",
    "customer_email",
    "customer_name",
    "language",
    "transaction_number",
    "created_at",
    "updated_at",
    "first_response_at",
    "first_response_due_at",
    "first_response_warn_at",
    "resolution_due_at",
    "resolution_warn_at",
    "category__name_en",
    "category__name_zh_hans",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)

REFERENCE_RE = re.compile(r"^HC-\d{4}-\d+$", re.IGNORECASE)
# What the request form accepts as a transaction number.
TRANSACTION_RE = re.compile(r"^[A-Za-z0-9-]{4,64}$")


@dataclass(frozen=True)
class QueueFilters:
    """Validated list filters (``console_forms.QueueFilterForm`` builds them)."""

    status: str = ""
    priority: str = ""
    category_id: int | None = None
    # "" (anyone), "none" (unassigned) or "me" or an agent's id as text.
    assignee: str = ""
    query: str = ""


def _base() -> QuerySet[Ticket]:
    return Ticket.objects.select_related("category", "assignee").only(*LIST_FIELDS)


def _email_spellings(email: str) -> list[str]:
    """The spellings of an address an exact (indexed) lookup tries."""
    return sorted({email, email.lower()})


def _search(queryset: QuerySet[Ticket], query: str) -> QuerySet[Ticket]:
    """Reference (exact, unique index), e-mail (case-insensitive), transaction number (exact,
    indexed), or else subject, customer name or any message's text (a scan)."""
    query = query.strip()
    if REFERENCE_RE.match(query):
        return queryset.filter(reference=query.upper())
    if "@" in query:
        # E-mails are kept as typed: the index serves the usual spellings; other casings
        # fall back to a case-insensitive scan.
        exact = queryset.filter(customer_email__in=_email_spellings(query))
        return exact if exact.exists() else queryset.filter(customer_email__iexact=query)
    if TRANSACTION_RE.match(query) and any(c.isdigit() for c in query):
        # Looks like a transaction number: an exact hit on its index wins over a text scan.
        by_transaction = queryset.filter(transaction_number=query)
        if by_transaction.exists():
            return by_transaction
    # ``IN (subquery)`` rather than a correlated EXISTS: PostgreSQL runs the thread search
    # once (a hashed subplan) instead of once per ticket.
    in_thread = TicketMessage.objects.filter(body__icontains=query).values("ticket_id")
    return queryset.filter(
        Q(pk__in=in_thread) | Q(subject__icontains=query) | Q(customer_name__icontains=query)
    )


def console_ticket_list(
    *,
    user: AbstractBaseUser,
    tab: str,
    filters: QueueFilters,
    now: dt.datetime | None = None,
) -> QuerySet[Ticket]:
    """The tickets of a console queue, narrowed by ``filters``.

    Tabs: ``unassigned``/``mine``/``open`` hold open tickets (new, open, waiting for the
    customer) and are oldest first; ``at_risk``/``breached`` hold tickets whose running SLA
    target is past 75 % / missed, most urgent first. An explicit status filter replaces the
    open-statuses default, and a search looks through every ticket whatever the tab's
    status, so a solved request can still be found by its reference."""
    now = now or timezone.now()
    queryset = _base()
    if filters.query:
        queryset = _search(queryset, filters.query).order_by("-created_at", "-id")
    elif tab in (Tab.AT_RISK, Tab.BREACHED):
        queryset = queryset.filter(
            sla.at_risk_q(now) if tab == Tab.AT_RISK else sla.breached_q(now)
        ).order_by("first_response_due_at", "resolution_due_at", "id")
    else:
        if not filters.status:
            queryset = queryset.filter(status__in=Ticket.OPEN_STATUSES)
        if tab == Tab.UNASSIGNED:
            queryset = queryset.filter(assignee__isnull=True)
        elif tab == Tab.MINE:
            queryset = queryset.filter(assignee=user)
        queryset = queryset.order_by("created_at", "id")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.priority:
        queryset = queryset.filter(priority=filters.priority)
    if filters.category_id:
        queryset = queryset.filter(category_id=filters.category_id)
    if filters.assignee == "none":
        queryset = queryset.filter(assignee__isnull=True)
    elif filters.assignee == "me":
        queryset = queryset.filter(assignee=user)
    elif filters.assignee.isdigit():
        queryset = queryset.filter(assignee_id=int(filters.assignee))
    return queryset


class InboxTickets:
    """Which tickets a staff inbox view lists (the order is each view's own; see
    ``tickets_for_inbox``)."""

    MINE = "mine"
    UNASSIGNED = "unassigned"
    OPEN = "open"
    PENDING = "pending"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    RECENTLY_SOLVED = "recently_solved"


# The columns of an inbox row, read as named tuples (no model instances: a page of rows is
# read in a fraction of the time). ``sla.state_of`` reads the SLA columns by these names.
INBOX_ROW_FIELDS = (
    "id",
    "reference",
    "subject",
    "status",
    "source",
    "customer_name",
    "customer_email",
    "customer_id",
    "category__name_zh_hans",
    "category__name_en",
    "last_message_preview",
    "last_message_by_customer",
    "last_message_at",
    "assignee_id",
    "assignee_read_at",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
    "created_at",
    "first_response_at",
    "first_response_due_at",
    "first_response_warn_at",
    "resolution_due_at",
    "resolution_warn_at",
    "wallet_user",  # the inbox marks customers signed in from the wallet app
)
RECENTLY_SOLVED_DAYS = 7


@dataclass(frozen=True)
class InboxFilters:
    """What an agent narrowed an inbox view to (a saved view keeps them). Empty: any."""

    topic_id: int | None = None
    priority: str = ""
    source: str = ""
    language: str = ""
    # A team's work: assigned to its members, or unassigned in its topics (teams.selectors).
    team_id: int | None = None
    # Only these tickets: a query of ids from a higher app (the workspace's tag filter).
    ids: Any = None

    def narrow(self, queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
        if self.ids is not None:
            queryset = queryset.filter(pk__in=self.ids)
        if self.topic_id:
            queryset = queryset.filter(category_id=self.topic_id)
        if self.team_id:
            queryset = queryset.filter(
                team_work_q(self.team_id, agent_field="assignee", topic_field="category")
            )
        if self.priority:
            queryset = queryset.filter(priority=self.priority)
        if self.source:
            queryset = queryset.filter(source=self.source)
        if self.language:
            queryset = queryset.filter(language=self.language)
        return queryset


NO_FILTERS = InboxFilters()


def tickets_for_inbox(
    *,
    which: str,
    user: AbstractBaseUser,
    limit: int,
    filters: InboxFilters = NO_FILTERS,
    now: dt.datetime | None = None,
) -> list[Any]:
    """One page of a staff inbox view, in one indexed query, as named tuples of
    ``INBOX_ROW_FIELDS``. Open work is ordered by the next SLA target (``sla_due_at``:
    breached first, then least time left), then by age; waiting for the customer by the
    longest wait; recently solved newest first. A view without filters, what every agent
    opens all day, runs as a kept statement (``core.kept_query``)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=RECENTLY_SOLVED_DAYS)

    def page(user_id: int, now: dt.datetime, since: dt.datetime) -> QuerySet[Any]:
        return _inbox_page(which, filters, user_id, now, since)[:limit]

    if filters == NO_FILTERS:
        return kept_rows(("tickets_for_inbox", which, limit), page, user.pk, now, since)
    return list(page(user.pk, now, since))


def _inbox_page(
    which: str, filters: InboxFilters, user_id: int, now: dt.datetime, since: dt.datetime
) -> QuerySet[Any]:
    queryset = filters.narrow(_inbox_rows())
    by_due = (F("sla_due_at").asc(nulls_last=True), "created_at", "id")
    if which == InboxTickets.MINE:
        queryset = queryset.filter(status__in=Ticket.OPEN_STATUSES, assignee_id=user_id).order_by(
            *by_due
        )
    elif which == InboxTickets.UNASSIGNED:
        queryset = queryset.filter(status__in=Ticket.OPEN_STATUSES, assignee__isnull=True).order_by(
            *by_due
        )
    elif which == InboxTickets.OPEN:
        queryset = queryset.filter(status__in=Ticket.OPEN_STATUSES).order_by(*by_due)
    elif which == InboxTickets.PENDING:
        queryset = queryset.filter(status=Ticket.Status.PENDING_CUSTOMER).order_by(
            "last_message_at", "id"
        )
    elif which == InboxTickets.AT_RISK:
        # Not breached means the next target (``sla_due_at``) is still ahead: saying so lets
        # PostgreSQL walk the due-time index from now and stop at the page's last row.
        queryset = queryset.filter(sla.at_risk_q(now), sla_due_at__gt=now).order_by(*by_due)
    elif which == InboxTickets.BREACHED:
        queryset = queryset.filter(sla.breached_q(now)).order_by(*by_due)
    elif which == InboxTickets.RECENTLY_SOLVED:
        queryset = queryset.filter(status=Ticket.Status.SOLVED, solved_at__gte=since).order_by(
            "-solved_at", "-id"
        )
    else:
        raise ValueError(which)
    return queryset.values_list(*INBOX_ROW_FIELDS, named=True)


def _inbox_rows() -> QuerySet[Ticket]:
    return Ticket.objects.annotate(wallet_user=is_wallet_user("customer_id"))


def inbox_search(*, query: str, limit: int) -> list[Any]:
    """Tickets matching a reference, e-mail, transaction number or text, in every status (named
    tuples of ``INBOX_ROW_FIELDS``, as ``tickets_for_inbox``)."""
    found = _search(_inbox_rows(), query).order_by("-created_at", "-id")
    return list(found.values_list(*INBOX_ROW_FIELDS, named=True)[:limit])


def team_ticket_counts(*, now: dt.datetime | None = None) -> tuple[dict[str, int], float]:
    """How many open tickets each team-wide queue holds (one aggregate over the open
    tickets), and for how many seconds those figures stay true by the clock alone: until the
    next running SLA target reaches its warning or its due time (an hour when none does)."""
    now = now or timezone.now()
    active = Q(status__in=Ticket.ACTIVE_STATUSES)
    waiting_first = active & Q(first_response_at__isnull=True)
    figures = Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES).aggregate(
        unassigned=Count("pk", filter=Q(assignee__isnull=True)),
        open=Count("pk"),
        pending=Count("pk", filter=Q(status=Ticket.Status.PENDING_CUSTOMER)),
        at_risk=Count("pk", filter=sla.at_risk_q(now)),
        breached=Count("pk", filter=sla.breached_q(now)),
        fr_warn=Min(
            "first_response_warn_at", filter=waiting_first & Q(first_response_warn_at__gt=now)
        ),
        fr_due=Min(
            "first_response_due_at", filter=waiting_first & Q(first_response_due_at__gt=now)
        ),
        res_warn=Min("resolution_warn_at", filter=active & Q(resolution_warn_at__gt=now)),
        res_due=Min("resolution_due_at", filter=active & Q(resolution_due_at__gt=now)),
    )
    moments = [figures.pop(name) for name in ("fr_warn", "fr_due", "res_warn", "res_due")]
    upcoming = [moment for moment in moments if moment is not None]
    seconds = (min(upcoming) - now).total_seconds() if upcoming else 3600.0
    return figures, seconds


def my_open_ticket_count(*, user: AbstractBaseUser) -> int:
    """How many open tickets ``user`` is assigned (the assignee index)."""
    return Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES, assignee=user).count()


def console_tab_counts(*, user: AbstractBaseUser) -> dict[str, int]:
    """How many tickets each queue holds, counted once per change (``tickets.live.counted``:
    kept in the cache until a ticket changes or an SLA target's time comes)."""
    parts = live.counted(
        {
            "tickets": team_ticket_counts,
            f"tickets-mine:{user.pk}": lambda: (my_open_ticket_count(user=user), 3600.0),
        }
    )
    return {**parts["tickets"], "mine": parts[f"tickets-mine:{user.pk}"]}


def console_agent_list() -> QuerySet[Any]:
    """Active staff who can work tickets (the assignee choices), by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name__in=(AGENT, SUPERVISOR, ADMIN))
        .distinct()
        .only("id", "username", "first_name", "last_name", "email")
        .order_by("first_name", "username")
    )


def customer_other_tickets(*, ticket: Ticket, limit: int = 10) -> list[Ticket]:
    """The customer's other requests (same account, or the same e-mail as typed or in lower
    case), newest first, each with its rating when given."""
    return contact_tickets(
        customer_id=ticket.customer_id,
        email=ticket.customer_email,
        exclude_id=ticket.pk,
        limit=limit,
    )


def contact_tickets(
    *, customer_id: int | None, email: str, exclude_id: int | None = None, limit: int = 10
) -> list[Ticket]:
    """A contact's requests (their account, or their e-mail as typed or in lower case) but
    ``exclude_id``, newest first, each with its rating when given: one query."""
    # Exact spellings, not iexact, so that the e-mail index serves it on a large table.
    same_customer = Q(pk__in=[])
    if email:
        same_customer |= Q(customer_email__in=_email_spellings(email))
    if customer_id:
        same_customer |= Q(customer_id=customer_id)
    return list(
        Ticket.objects.filter(same_customer)
        .exclude(pk=exclude_id)
        .select_related("rating")
        .only("reference", "subject", "status", "created_at", "rating__score")
        .order_by("-created_at", "-id")[:limit]
    )


def _event_value(kind: str, value: str, categories: dict[str, Topic]) -> str:
    """An event's old/new value as people read it (labels, not codes)."""
    if not value:
        return ""
    if kind == TicketEvent.Kind.STATUS and value in Ticket.Status.values:
        return str(Ticket.Status(value).label)
    if kind == TicketEvent.Kind.PRIORITY and value in Ticket.Priority.values:
        return str(Ticket.Priority(value).label)
    if kind == TicketEvent.Kind.CATEGORY and value in categories:
        return localized(categories[value], "name")
    if kind in (TicketEvent.Kind.REPLIED, TicketEvent.Kind.NOTE) and value in (
        TicketMessage.AuthorKind.values
    ):
        return str(TicketMessage.AuthorKind(value).label)
    if kind in (TicketEvent.Kind.SLA_WARNING, TicketEvent.Kind.SLA_BREACH) and value in (
        SlaReminder.Target.values
    ):
        return str(SlaReminder.Target(value).label)
    return value


def ticket_history(*, ticket: Ticket, topics: list[Topic] | None = None) -> list[dict[str, Any]]:
    """The ticket's events, newest first, as people read them: ``event``, ``actor`` (a
    name or ""), ``old`` and ``new`` (labels). Two queries (events, topics), one when the
    caller has every topic already (``topics``)."""
    categories = {c.slug: c for c in (Topic.objects.all() if topics is None else topics)}
    return [
        {
            "event": event,
            "actor": (event.actor.get_full_name() or event.actor.get_username())
            if event.actor
            else "",
            "old": _event_value(event.kind, event.old_value, categories),
            "new": _event_value(event.kind, event.new_value, categories),
        }
        for event in reversed(selectors.ticket_events(ticket=ticket))
    ]


def ticket_rating(ticket: Ticket) -> Any:
    """The customer's rating of this request, or None: read with the ticket when it was
    (``tickets.access.ticket_get_for`` joins it), else one query."""
    if Ticket.rating.is_cached(ticket):
        return getattr(ticket, "rating", None)  # None: read with the ticket, not given
    return SatisfactionRating.objects.filter(ticket=ticket).first()


def canned_response_get(*, canned_id: int) -> CannedResponse:
    """An active canned response for tickets, or CannedResponse.DoesNotExist."""
    return CannedResponse.objects.select_related("category").get(
        pk=canned_id,
        is_active=True,
        scope__in=[CannedResponse.Scope.TICKETS, CannedResponse.Scope.BOTH],
    )


# --- Console permissions (the role rules; read-only predicates) -----------------------------


def can_assign(user: AbstractBaseUser, ticket: Ticket, assignee: AbstractBaseUser | None) -> bool:
    """Supervisors assign anything to anyone. An agent may take an unassigned ticket, and may
    hand over or release a ticket that is theirs; taking or moving a colleague's ticket is a
    supervisor's call, so two agents never silently pull a ticket from each other."""
    if is_supervisor(user):
        return True
    if ticket.assignee_id is None:
        return assignee is not None and assignee.pk == user.pk
    return ticket.assignee_id == user.pk


def can_merge(user: AbstractBaseUser, source: Ticket, target: Ticket) -> bool:
    """Supervisors merge any two tickets; an agent only tickets that are unassigned or theirs,
    since a merge closes the source and moves its thread away from its assignee."""
    if is_supervisor(user):
        return True
    return all(t.assignee_id in (None, user.pk) for t in (source, target))
