"""The daily rollup of volume and backlog gives the same figures as the raw events
(docs/metrics.md, Daily rollup), on the fixtures of test_metrics (a request solved, reopened
and solved again, a merged duplicate, rows either side of midnight in Asia/Shanghai, a request
created the day before the range), whether a range is wholly rolled up, partly, or not at all;
and the one-scan chat figures and the CSAT buckets equal the functions they replace."""

import datetime as dt

import pytest
import time_machine

from insights import metrics, rollup
from insights.metrics import Scope
from insights.models import DailyVolume, RollupState
from tests.insights.test_metrics import MAR2, MAR3, SCOPE, at, put
from tests.insights.test_metrics import floor_day as floor_day

pytestmark = pytest.mark.django_db
SCOPES = [
    SCOPE,
    Scope(first=MAR2, last=MAR3, topic_id=2),
    Scope(first=MAR2, last=MAR3, channel="widget"),
    Scope(first=MAR2, last=MAR3, language="zh-hans"),
    Scope(first=MAR3, last=MAR3),
    Scope(first=MAR2, last=MAR3, team_id=1, team_members=(8,), team_topics=(2,)),
]


def figures(scope: Scope) -> tuple:
    return metrics.volume(scope), metrics.backlog(scope)


@pytest.mark.parametrize("scope", SCOPES)
def test_rolled_up_days_give_the_raw_figures(floor_day, scope):
    raw = figures(scope)  # nothing rolled up yet: every figure from the events

    state = rollup.rollup_refresh(now=at(10, 12))

    assert state.rolled_through == dt.date(2026, 3, 9)
    assert DailyVolume.objects.exists()
    assert figures(scope) == raw


def test_the_hand_computed_figures_come_from_the_rollup(floor_day):
    rollup.rollup_refresh(now=at(10, 12))
    DailyVolume.objects.filter(day=MAR2).update(created=0)  # proof the rollup is read
    DailyVolume.objects.create(day=MAR2, topic_id=1, channel="web", language="en", created=99)

    assert metrics.volume(SCOPE).days == {MAR2: 99, MAR3: 0}
    assert metrics.backlog(SCOPE).days == {MAR2: 3, MAR3: 0}


def test_a_range_partly_rolled_up_reads_the_rest_from_the_events(floor_day):
    raw = figures(SCOPE)

    with time_machine.travel(at(3, 12), tick=False):
        state = rollup.rollup_refresh()
        assert state.rolled_through == MAR2  # Mar 3 is today: raw
        assert figures(SCOPE) == raw


def test_a_day_is_rolled_up_only_after_the_grace_period(floor_day):
    state = rollup.rollup_refresh(now=at(3, 0, 10))

    assert state.rolled_through == dt.date(2026, 3, 1)
    assert figures(SCOPE) == figures(SCOPE)  # and still the raw figures for Mar 2 and 3
    assert metrics.backlog(SCOPE).days == {MAR2: 3, MAR3: 0}


def test_a_row_dated_on_a_rolled_day_is_rolled_up_again(floor_day):
    rollup.rollup_refresh(now=at(10, 12))
    put("created", at(2, 20), ticket=40, channel="email", backlog=1)
    raw_after = (metrics.volume(SCOPE).days[MAR2], metrics.backlog(SCOPE).days[MAR2])
    assert raw_after == (5, 3)  # the rollup does not know the new row yet

    rollup.rollup_refresh(now=at(10, 12, 10))

    assert metrics.volume(SCOPE).days[MAR2] == 6
    assert metrics.backlog(SCOPE).days == {MAR2: 4, MAR3: 1}
    assert metrics.volume(SCOPE).by_channel == {"email": 2, "web": 1, "widget": 3}


def test_a_range_after_the_rollup_counts_the_days_between_from_the_events(floor_day):
    with time_machine.travel(at(2, 12), tick=False):
        rollup.rollup_refresh()  # through Mar 1 (A's creation)
    assert RollupState.objects.get().rolled_through == dt.date(2026, 3, 1)

    later = Scope(first=dt.date(2026, 3, 4), last=dt.date(2026, 3, 4))

    assert metrics.backlog(later).days == {dt.date(2026, 3, 4): 0}
    assert metrics.backlog(Scope(first=MAR3, last=MAR3)).days == {MAR3: 0}


def test_the_chat_figures_of_one_scan_equal_the_three_functions(floor_day):
    result = metrics.chat(SCOPE)

    assert result.wait == metrics.chat_wait_time(SCOPE)
    assert result.handling == metrics.chat_handling_time(SCOPE)
    assert result.abandonment == metrics.abandonment(SCOPE)


def test_csat_from_score_buckets_interpolates_like_percentile_cont():
    summary = metrics.figures.summary_of_counts({100: 1, 200: 1, 300: 1, 1000: 1})

    assert (summary.count, summary.average, summary.median, summary.p90) == (4, 400, 250, 790)
