"""Durations in opening hours: several windows a day, weekends and holidays do not count, and
a first response across a holiday stores the opening-hours figure."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import BusinessHours, Holiday
from insights.clock import open_seconds
from insights.models import Event
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets import services as ticket_services

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def weekday_hours():
    """Monday to Friday 09:00-12:00 and 13:00-18:00 (lunch closed); 3 March a holiday."""
    for weekday in range(5):
        BusinessHours.objects.create(weekday=weekday, opens_at=dt.time(9), closes_at=dt.time(12))
        BusinessHours.objects.create(weekday=weekday, opens_at=dt.time(13), closes_at=dt.time(18))
    Holiday.objects.create(date=dt.date(2026, 3, 3), name_zh_hans="假日", name_en="Holiday")


def test_without_opening_hours_every_second_counts():
    assert open_seconds(local(2, 10), local(3, 10)) == 24 * 3600


def test_the_lunch_break_does_not_count(weekday_hours):
    assert open_seconds(local(2, 11), local(2, 14)) == 2 * 3600  # 11-12 and 13-14


def test_evenings_holidays_and_weekends_do_not_count(weekday_hours):
    # Mon 2 Mar 17:00 -> Wed 4 Mar 10:00: 1 h on Monday, Tuesday a holiday, 1 h on Wednesday.
    assert open_seconds(local(2, 17), local(4, 10)) == 2 * 3600
    # Fri 6 Mar 17:30 -> Mon 9 Mar 09:30: half an hour each side of the weekend.
    assert open_seconds(local(6, 17, 30), local(9, 9, 30)) == 3600


def test_an_end_before_the_start_is_zero(weekday_hours):
    assert open_seconds(local(2, 11), local(2, 10)) == 0


def test_a_first_response_across_a_holiday_stores_opening_hours_only(weekday_hours):
    agent = staff_user("agent")
    with time_machine.travel(local(2, 17), tick=False):
        ticket = TicketFactory()
    with time_machine.travel(local(4, 10), tick=False):
        ticket_services.ticket_reply(ticket=ticket, author=agent, body="Sorry for the wait.")

    row = Event.objects.get(ticket_id=ticket.pk, kind="first_public_response")
    assert (row.data["seconds"], row.data["business_seconds"]) == (41 * 3600, 2 * 3600)
