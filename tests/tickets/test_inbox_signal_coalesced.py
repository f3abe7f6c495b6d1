"""The staff inbox's signal under a burst of new requests (tickets.live): the counters'
version moves at every commit, the "tickets changed" frame at most once per
FRAME_AT_MOST_EVERY_SECONDS per process, and a frame always leaves after the last change."""

import pytest
from channels.layers import get_channel_layer
from django.core.cache import cache

from core import realtime
from tests.tickets.factories import CategoryFactory
from tickets import live, services


@pytest.fixture
def inbox_frames(monkeypatch):
    layer = get_channel_layer()
    real_send = layer.group_send
    frames: list[dict] = []

    async def record(group, event):
        if group == live.INBOX_GROUP:
            frames.append(event)
        await real_send(group, event)

    monkeypatch.setattr(layer, "group_send", record)
    return frames


def new_request(topic, n: int) -> None:
    services.ticket_create(
        category=topic,
        subject=f"Top-up {n} not received",
        description="I topped up 200 yuan and it has not arrived.",
        email=f"burst-{n}@example.com",
        name="Wang Fang",
        language="en",
    )


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_new_requests_bumps_the_counters_each_time_and_sends_two_frames(
    inbox_frames, monkeypatch
):
    monkeypatch.setattr(live, "FRAME_AT_MOST_EVERY_SECONDS", 2.0)
    topic = CategoryFactory()
    realtime.flush()
    # Earlier tests in this process sent frames: start as a process that sent none yet.
    realtime._background()._last_sent.clear()
    before = live.counts_version()

    for n in range(4):
        new_request(topic, n)

    assert live.counts_version() == before + 4
    assert realtime.flush(timeout=10)
    assert inbox_frames == [{"type": live.INBOX_EVENT, "changed": ["ticket"]}] * 2


@pytest.mark.redis
def test_the_one_round_trip_bump_moves_the_version_like_the_plain_way(monkeypatch):
    cache.delete(live.COUNTS_VERSION_KEY)
    live._bump_version()  # missing: a number never used before
    first = live.counts_version()
    live._bump_version()
    fast = live.counts_version() - first

    monkeypatch.setattr(live, "bump_in_one_round_trip", lambda: False)
    live._bump_version()
    plain = live.counts_version() - first - fast

    assert first > 1_000_000_000  # from the clock, like the plain way's start
    assert (fast, plain) == (1, 1)
