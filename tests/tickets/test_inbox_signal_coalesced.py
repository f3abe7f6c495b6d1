"""The staff inbox's signal under a burst of new requests (tickets.live): the "tickets changed"
frame leaves at most once per FRAME_AT_MOST_EVERY_SECONDS per process, always after the last
change, and the counters' version moves before each frame leaves (once per frame, not per
commit)."""

import time
import types

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
def test_a_burst_of_new_requests_sends_two_frames_each_after_a_new_counters_version(
    inbox_frames, monkeypatch
):
    monkeypatch.setattr(live, "FRAME_AT_MOST_EVERY_SECONDS", 2.0)
    topic = CategoryFactory()
    realtime.flush()
    sender = realtime._background()
    # Earlier tests in this process sent frames: start as a process that sent none yet.
    sender._last_sent.clear()
    # The sender's clock stands still during the burst and moves on only when the test says,
    # so a slow host that takes longer than the window over the four commits changes nothing.
    now = [time.monotonic()]
    monkeypatch.setattr(
        realtime, "time", types.SimpleNamespace(monotonic=lambda: now[0], time=time.time)
    )
    before = live.counts_version()

    versions_told = []
    record = realtime.send_collected

    async def versions_when_sent(events):
        if any(group == live.INBOX_GROUP for group, _event in events):
            versions_told.append(live.counts_version())
        await record(events)

    monkeypatch.setattr(realtime, "send_collected", versions_when_sent)

    for n in range(4):
        new_request(topic, n)
    assert list(sender._held) == [f"{live.INBOX_EVENT}:ticket"]  # the last three wait for it
    with sender._cond:
        now[0] += 2.0
        sender._cond.notify_all()

    assert realtime.flush(timeout=10)
    assert inbox_frames == [{"type": live.INBOX_EVENT, "changed": ["ticket"]}] * 2
    # The first commit's frame left at once, the other three shared the held one.
    assert versions_told == [before + 1, before + 2]
    assert live.counts_version() == before + 2


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
