"""Reads of the event log: the metrics of docs/metrics.md, aggregated in the database."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, OuterRef, Q

from insights.models import Event

DEFLECTION_WINDOW = timedelta(hours=24)
# What "saw a suggested or searched article" means: opened an article that a suggestion, the
# topic's list or a search offered (docs/metrics.md, Deflection rate).
SAW_ARTICLE = Event.Kind.SUGGESTED_ARTICLE_OPENED
CONTACTED = (Event.Kind.CHAT_STARTED, Event.Kind.REQUEST_STARTED)


@dataclass(frozen=True)
class Deflection:
    seen: int  # visitors who opened a suggested or searched article in the range
    contacted: int  # of them, those who started a chat or a request within 24 h of one
    deflected: int

    @property
    def rate(self) -> float | None:
        """Deflected over seen (0..1); None when nobody saw an article."""
        return self.deflected / self.seen if self.seen else None


def deflection_rate(*, start: datetime, end: datetime) -> Deflection:
    """Visitors who opened a suggested or searched article in ``[start, end)`` and started no
    chat and no request in the 24 hours after any such opening (both ends included), over all
    who opened one. One query; a contact after ``end`` still counts, so a range that ended less
    than 24 hours ago is not final."""
    contact = Event.objects.filter(
        kind__in=CONTACTED,
        visitor=OuterRef("visitor"),
        at__gte=OuterRef("at"),
        at__lte=ExpressionWrapper(OuterRef("at") + DEFLECTION_WINDOW, output_field=DateTimeField()),
    )
    totals = (
        Event.objects.filter(kind=SAW_ARTICLE, at__gte=start, at__lt=end)
        .exclude(visitor="")
        .annotate(asked=Exists(contact))
        .aggregate(
            seen=Count("visitor", distinct=True),
            contacted=Count("visitor", distinct=True, filter=Q(asked=True)),
        )
    )
    return Deflection(
        seen=totals["seen"],
        contacted=totals["contacted"],
        deflected=totals["seen"] - totals["contacted"],
    )
