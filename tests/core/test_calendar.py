"""core.calendar: several opening windows a day and holidays, one rule for "is support open"
and for SLA clocks that count only opening hours."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from core import calendar
from core.models import BusinessHours, Holiday
from tests.tickets.factories import SlaPolicyFactory, TicketFactory

pytestmark = pytest.mark.django_db
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def weekdays_with_lunch(db):
    for weekday in range(5):
        BusinessHours.objects.create(weekday=weekday, opens_at=dt.time(9), closes_at=dt.time(12))
        BusinessHours.objects.create(weekday=weekday, opens_at=dt.time(13), closes_at=dt.time(18))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in November 2026, Shanghai time (the 23rd is a Monday)."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def test_no_rows_means_open_around_the_clock():
    assert calendar.is_open(at(29, 3))
    assert calendar.add_open_minutes(at(29, 3), 90) == at(29, 4, 30)


def test_support_is_closed_over_lunch_at_night_and_at_weekends(weekdays_with_lunch):
    assert calendar.is_open(at(23, 9))
    assert not calendar.is_open(at(23, 12, 30))
    assert calendar.is_open(at(23, 13))
    assert not calendar.is_open(at(23, 18))
    assert not calendar.is_open(at(28, 10))  # Saturday


def test_a_holiday_closes_the_whole_day(weekdays_with_lunch):
    Holiday.objects.create(date=dt.date(2026, 11, 24), name_zh_hans="假日", name_en="Holiday")

    assert not calendar.is_open(at(24, 10))
    assert calendar.is_open(at(25, 10))


def test_holidays_alone_close_only_those_days():
    Holiday.objects.create(date=dt.date(2026, 11, 24), name_zh_hans="假日", name_en="Holiday")

    assert calendar.is_open(at(23, 3))
    assert not calendar.is_open(at(24, 15))
    assert calendar.add_open_minutes(at(23, 23), 120) == at(25, 1)


def test_open_minutes_skip_lunch_the_evening_the_weekend_and_a_holiday(weekdays_with_lunch):
    Holiday.objects.create(date=dt.date(2026, 11, 30), name_zh_hans="假日", name_en="Holiday")

    assert calendar.add_open_minutes(at(23, 11), 120) == at(23, 14)
    # Friday 17:00 + 3 h: one hour on Friday; Monday the 30th is a holiday; two on Tuesday.
    assert calendar.add_open_minutes(at(27, 17), 180) == dt.datetime(
        2026, 12, 1, 11, 0, tzinfo=SHANGHAI
    )


def test_a_business_hours_sla_policy_honours_breaks_and_holidays(weekdays_with_lunch, category):
    SlaPolicyFactory(first_response_minutes=240, business_hours_only=True)
    Holiday.objects.create(date=dt.date(2026, 11, 24), name_zh_hans="假日", name_en="Holiday")
    with time_machine.travel(at(23, 16), tick=False):
        ticket = TicketFactory(category=category)

    # Monday 16:00-18:00 (2 h), Tuesday a holiday, Wednesday 9:00-11:00 (2 h).
    assert ticket.first_response_due_at == at(25, 11)


def test_an_edit_is_seen_at_once_in_this_process(django_capture_on_commit_callbacks):
    assert calendar.is_open(at(24, 10))
    with django_capture_on_commit_callbacks(execute=True):
        Holiday.objects.create(date=dt.date(2026, 11, 24), name_zh_hans="假日", name_en="Holiday")

    assert not calendar.is_open(at(24, 10))


def test_overlapping_windows_are_refused(weekdays_with_lunch):
    window = BusinessHours(weekday=0, opens_at=dt.time(11), closes_at=dt.time(14))

    with translation.override("en"), pytest.raises(ValidationError, match="overlaps Monday"):
        window.full_clean()
