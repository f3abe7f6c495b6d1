"""Deflection rate (docs/metrics.md): visitors who opened a suggested or searched article and
started no chat and no request within 24 hours, over all who opened one. Numbers worked out by
hand from the rows each test writes."""

from datetime import UTC, datetime, timedelta

import pytest

from insights.models import Event
from insights.selectors import Deflection, deflection_rate
from tests.insights.factories import EventFactory

pytestmark = pytest.mark.django_db

Kind = Event.Kind
DAY = datetime(2026, 11, 2, tzinfo=UTC)
RANGE = {"start": DAY, "end": DAY + timedelta(days=1)}


def at(hours: float) -> datetime:
    return DAY + timedelta(hours=hours)


def opened(visitor: str, hours: float) -> None:
    EventFactory(kind=Kind.SUGGESTED_ARTICLE_OPENED, visitor=visitor, at=at(hours))


def contacted(visitor: str, hours: float, kind: str = Kind.CHAT_STARTED) -> None:
    EventFactory(kind=kind, visitor=visitor, at=at(hours), article_id=None)


def test_a_visitor_who_read_and_did_not_ask_is_deflected():
    opened("reader", 10)

    assert deflection_rate(**RANGE) == Deflection(seen=1, contacted=0, deflected=1)


def test_a_chat_within_a_day_of_reading_is_not_deflected():
    opened("reader", 10)
    contacted("reader", 11)

    assert deflection_rate(**RANGE) == Deflection(seen=1, contacted=1, deflected=0)


def test_a_request_exactly_24_hours_later_still_counts_as_asking():
    opened("reader", 10)
    contacted("reader", 34, Kind.REQUEST_STARTED)

    assert deflection_rate(**RANGE).deflected == 0


def test_a_request_a_second_after_24_hours_does_not():
    opened("reader", 10)
    contacted("reader", 34 + 1 / 3600, Kind.REQUEST_STARTED)

    assert deflection_rate(**RANGE).deflected == 1


def test_a_chat_before_reading_does_not_count():
    contacted("reader", 9)
    opened("reader", 10)

    assert deflection_rate(**RANGE).deflected == 1


def test_visitors_who_saw_no_article_are_not_counted():
    EventFactory(kind=Kind.SUGGESTION_SHOWN, visitor="glancer", at=at(10), article_id=None)
    EventFactory(kind=Kind.ARTICLE_VIEWED, visitor="browser", at=at(10))
    contacted("glancer", 11)
    contacted("asker", 12)

    assert deflection_rate(**RANGE) == Deflection(seen=0, contacted=0, deflected=0)
    assert deflection_rate(**RANGE).rate is None


def test_a_signed_in_visitor_is_their_account_not_their_cookie():
    opened("account:7", 12)
    contacted("cookie-of-account-7", 13)  # the same person signed out: another visitor

    assert deflection_rate(**RANGE) == Deflection(seen=1, contacted=0, deflected=1)


def test_a_signed_in_visitor_who_asks_while_signed_in_is_not_deflected():
    opened("account:7", 12)
    contacted("account:7", 13, Kind.REQUEST_STARTED)

    assert deflection_rate(**RANGE).deflected == 0


def test_a_visitor_counts_once_and_asking_after_any_reading_counts():
    opened("twice", 8)
    opened("twice", 20)
    contacted("twice", 43)  # 35 h after the first reading, 23 h after the second

    assert deflection_rate(**RANGE) == Deflection(seen=1, contacted=1, deflected=0)


def test_readings_outside_the_range_are_not_counted():
    opened("yesterday", -1)
    opened("tomorrow", 24)

    assert deflection_rate(**RANGE).seen == 0


def test_the_rate_over_a_mixed_day_matches_the_hand_count():
    opened("v1", 10)  # deflected
    opened("v2", 10)
    contacted("v2", 11)  # asked
    opened("v3", 10)
    contacted("v3", 34, Kind.REQUEST_STARTED)  # asked, at exactly 24 h
    opened("v4", 10)
    contacted("v4", 34 + 1 / 3600, Kind.REQUEST_STARTED)  # deflected: too late
    opened("account:7", 12)
    contacted("account:7", 13)  # asked
    contacted("v6", 9)
    opened("v6", 10)  # deflected: asked before reading
    contacted("v7", 11)  # never read: not counted
    opened("v8", 8)
    opened("v8", 20)
    contacted("v8", 43)  # asked, once
    opened("", 10)  # no visitor: not counted

    result = deflection_rate(**RANGE)

    # seen: v1 v2 v3 v4 account:7 v6 v8 = 7; asked: v2 v3 account:7 v8 = 4.
    assert result == Deflection(seen=7, contacted=4, deflected=3)
    assert result.rate == pytest.approx(3 / 7)
