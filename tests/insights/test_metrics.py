"""Every metric against numbers computed by hand (docs/metrics.md). The rows are written the
way the lifecycle receivers write them (tests/insights/test_lifecycle.py shows they do), with
the edge cases: a request reopened and solved again, a merged duplicate, a rating changed, a
chat taken a second time after it was passed over, a transfer, a chat that never started, and
rows on either side of midnight in the site's time zone (Asia/Shanghai, UTC+8)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from insights import metrics, services
from insights.forms import ReportForm
from insights.metrics import Scope
from teams.models import Team
from tests.factories import UserFactory
from tests.tickets.factories import CategoryFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MAR2, MAR3 = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
SCOPE = Scope(first=MAR2, last=MAR3)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


def put(kind, when, *, ticket=None, chat=None, topic=1, channel="web", language="en", **data):
    services.event_record(
        kind=kind,
        at=when,
        ticket_id=ticket,
        conversation_id=chat,
        topic_id=topic,
        channel="widget" if chat else channel,
        language=language,
        data=data,
    )


@pytest.fixture
def floor_day():
    """Two days of a small help desk (the numbers in the comments are the expected ones)."""
    # Requests: A created the day before the range (backlog 1 at the start), B and C in it.
    put("created", at(1, 9), ticket=1, backlog=1)
    put("created", at(2, 0, 30), ticket=2, channel="email", topic=2, backlog=1)  # local Mar 2
    put("created", at(2, 23, 30), ticket=3, language="zh-hans", backlog=1)  # still Mar 2
    # First responses (opening-hours seconds): Mar 2 -> 100, 200, 300, 1000; Mar 3 -> 600.
    for seconds, within, agent in (
        (100, True, 7),
        (200, True, 7),
        (300, False, 8),
        (1000, True, 8),
    ):
        put(
            "first_public_response",
            at(2, 10),
            ticket=9,
            business_seconds=seconds,
            within=within,
            agent=agent,
            priority="normal",
        )
    put(
        "first_public_response",
        at(3, 10),
        ticket=9,
        business_seconds=600,
        within=False,
        agent=7,
        priority="urgent",
    )
    # A is solved, reopened, solved again: only the last solve (900 s) counts.
    put("solved", at(2, 11), ticket=1, business_seconds=500, within=True, backlog=-1, agent=7)
    put("reopened", at(2, 12), ticket=1, backlog=1)
    put("solved", at(3, 11), ticket=1, business_seconds=900, within=False, backlog=-1, agent=7)
    put("solved", at(3, 12), ticket=2, business_seconds=400, within=True, backlog=-1, agent=8)
    # C is a duplicate merged into A: it leaves the backlog but is never "solved".
    put("merged", at(3, 13), ticket=3, into=1, backlog=-1)
    # Ratings: A rated 2, then changed to 5 (only 5 counts); a chat rated 4.
    put("rated", at(3, 14), ticket=1, score=2, agent=7)
    put("rated", at(3, 15), ticket=1, score=5, agent=7)
    put("rated", at(3, 16), chat=21, score=4, agent=8)
    # Chats: 21 waited 30 s, 22 waited 90 s, then was passed over and taken again (not a new
    # wait), and transferred; 23 never started (abandoned after 120 s).
    for chat in (21, 22, 23):
        put("created", at(2, 14), chat=chat)
        put("queued", at(2, 14), chat=chat)
    put("accepted", at(2, 14, 1), chat=21, wait_seconds=30, first=True, agent=8)
    put("accepted", at(2, 14, 2), chat=22, wait_seconds=90, first=True, agent=7)
    put("accepted", at(2, 14, 9), chat=22, wait_seconds=500, first=False, agent=8)
    put("transferred", at(2, 14, 10), chat=22, from_agent=8, agent=7)
    put("abandoned", at(2, 14, 2), chat=23, wait_seconds=120)
    put("closed", at(2, 15), chat=21, handle_seconds=300, agent=8, by="agent")
    put("closed", at(2, 16), chat=22, handle_seconds=900, agent=7, by="customer")


def test_first_response_time_per_day_and_in_total(floor_day):
    result = metrics.first_response_time(SCOPE)

    mar2 = result.days[MAR2]
    assert (mar2.count, mar2.average, mar2.median, mar2.p90) == (4, 400, 250, 790)
    assert (result.days[MAR3].count, result.days[MAR3].median) == (1, 600)
    total = result.total
    assert (total.count, total.average, total.median, total.p90) == (5, 440, 300, 840)


def test_resolution_time_counts_only_the_last_solve_of_a_reopened_request(floor_day):
    result = metrics.resolution_time(SCOPE)

    assert (result.total.count, result.total.median) == (2, 650)
    assert result.days[MAR2].count == 0  # A's first solve was undone by the reopening


def test_sla_compliance_of_first_responses_per_day_and_per_priority(floor_day):
    result = metrics.sla_first_response(SCOPE)

    assert result.days == {MAR2: (3, 4), MAR3: (0, 1)}
    assert result.rate == 3 / 5
    assert metrics.sla_first_response(SCOPE, priority="urgent").total == (0, 1)


def test_sla_compliance_of_resolutions_counts_final_solves(floor_day):
    assert metrics.sla_resolution(SCOPE).total == (1, 2)


def test_chat_wait_time_is_the_first_wait_only(floor_day):
    result = metrics.chat_wait_time(SCOPE)

    assert (result.total.count, result.total.median, result.total.average) == (2, 60, 60)


def test_abandonment_counts_chats_that_never_started(floor_day):
    assert metrics.abandonment(SCOPE).total == (1, 3)


def test_chat_handling_time_spans_transfers(floor_day):
    result = metrics.chat_handling_time(SCOPE)

    assert (result.total.count, result.total.average) == (2, 600)


def test_csat_keeps_the_last_rating_and_counts_the_response_rate(floor_day):
    result = metrics.csat(SCOPE)

    assert result.distribution == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1}
    assert result.average.total.average == 4.5
    assert result.satisfied.total == (2, 2)
    assert (result.rated, result.ratable, result.response_rate) == (2, 4, 0.5)


def test_volume_by_day_topic_channel_and_language(floor_day):
    result = metrics.volume(SCOPE)

    assert result.days == {MAR2: 5, MAR3: 0}  # B, C and three chats; A was the day before
    assert result.by_channel == {"email": 1, "web": 1, "widget": 3}
    assert result.by_topic == {1: 4, 2: 1}
    assert result.by_language == {"en": 4, "zh-hans": 1}


def test_backlog_at_the_end_of_each_day(floor_day):
    result = metrics.backlog(SCOPE)

    # Start 1 (A); Mar 2: +B +C -A(solved) +A(reopened) = 3; Mar 3: -A -B -C(merged) = 0.
    assert result.days == {MAR2: 3, MAR3: 0}


def test_the_agent_filter_keeps_that_agents_figures(floor_day):
    scope = Scope(first=MAR2, last=MAR3, agent_id=7)

    assert metrics.first_response_time(scope).total.count == 3
    assert metrics.chat_wait_time(scope).total.count == 1
    assert metrics.abandonment(scope).total == (1, 3)  # belongs to no agent: unfiltered


def test_a_team_keeps_its_members_figures_and_its_topics_volume(floor_day):
    # Agents 7 and 8 answered; a team of agent 8 handling topic 2 only.
    scope = Scope(first=MAR2, last=MAR3, team_id=1, team_members=(8,), team_topics=(2,))

    assert metrics.first_response_time(scope).total.count == 2  # 300 s and 1000 s, agent 8
    assert metrics.chat_wait_time(scope).total.count == 1  # chat 21, taken by agent 8
    assert metrics.volume(scope).total == 1  # B, the one request in topic 2


@pytest.mark.django_db
def test_the_team_filter_of_the_report_form_reads_members_and_topics():
    category = CategoryFactory(slug="payment-failed")
    member = UserFactory()
    team = Team.objects.create(name_en="Payments", name_zh_hans="支付")
    team.members.add(member)
    team.topics.add(category)
    topic = category

    form = ReportForm({"start": "2026-03-02", "end": "2026-03-03", "team": team.pk})

    assert form.is_valid(), form.errors
    assert (form.scope().team_members, form.scope().team_topics) == ((member.pk,), (topic.pk,))


def test_an_empty_range_has_no_average_and_no_rate():
    result = metrics.first_response_time(SCOPE)

    assert (result.total.count, result.total.median) == (0, None)
    assert metrics.sla_first_response(SCOPE).rate is None
