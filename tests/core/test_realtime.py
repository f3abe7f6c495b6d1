import json
import threading
import time

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from core import realtime


@pytest.fixture
def sent(monkeypatch):
    """The groups of the events that reach the channel layer (the real send still happens).
    With Redis they are sent by the process's sender thread: read after ``realtime.flush()``."""
    layer = get_channel_layer()
    real_send = layer.group_send
    groups: list[str] = []

    async def record(group, event):
        groups.append(group)
        await real_send(group, event)

    monkeypatch.setattr(layer, "group_send", record)
    return groups


def signed_post(client, payload: dict, *, signature: str | None = None):
    body = json.dumps(payload).encode()
    timestamp = str(time.time())
    return client.post(
        "/internal/realtime-relay",
        data=body,
        content_type="application/json",
        headers={
            "X-Relay-Timestamp": timestamp,
            "X-Relay-Signature": signature or realtime.sign(body, timestamp),
        },
    )


@pytest.mark.django_db
async def test_relay_delivers_a_signed_event_to_the_group(async_client):
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("console", channel)
    body = json.dumps({"group": "console", "event": {"type": "ticket.updated", "id": 7}}).encode()
    timestamp = str(time.time())

    response = await async_client.post(
        "/internal/realtime-relay",
        data=body,
        content_type="application/json",
        headers={
            "X-Relay-Timestamp": timestamp,
            "X-Relay-Signature": realtime.sign(body, timestamp),
        },
    )

    assert response.status_code == 204
    assert await layer.receive(channel) == {"type": "ticket.updated", "id": 7}


@pytest.mark.django_db
def test_relay_refuses_a_bad_signature(client):
    response = signed_post(client, {"group": "g", "event": {"type": "x"}}, signature="0" * 64)

    assert response.status_code == 403


def test_signature_expires():
    body = b"{}"
    old = str(time.time() - 3600)

    assert realtime.verify(body, old, realtime.sign(body, old)) is False


@pytest.mark.django_db
def test_an_event_is_published_when_its_transaction_commits(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        realtime.publish_on_commit("g", {"type": "x"})
        assert sent == []

    assert realtime.flush()  # with Redis, the process's sender thread sends
    assert sent == ["g"]


@pytest.mark.django_db
def test_no_event_is_published_for_a_rolled_back_transaction(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        realtime.publish_on_commit("g", {"type": "x"})
        transaction.set_rollback(True)

    assert sent == []


@pytest.mark.django_db
def test_computed_events_are_computed_at_commit_and_sent_once_per_commit(
    sent, django_capture_on_commit_callbacks
):
    state = {"group": "before"}

    def compute():
        return [(state["group"], {"type": "x"})]

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            realtime.publish_computed_on_commit(compute, once_per_commit="test.round")
        state["group"] = "at commit"

    assert realtime.flush()  # with Redis, the process's sender thread sends
    assert sent == ["at commit"]


@pytest.mark.django_db
def test_a_rolled_back_savepoint_does_not_cancel_its_transactions_round(
    sent, django_capture_on_commit_callbacks
):
    def compute():
        return [("g", {"type": "x"})]

    with django_capture_on_commit_callbacks(execute=True):
        realtime.publish_computed_on_commit(compute, once_per_commit="test.savepoint")
        with transaction.atomic():
            realtime.publish_computed_on_commit(compute, once_per_commit="test.savepoint")
            transaction.set_rollback(True)

    assert realtime.flush()  # with Redis, the process's sender thread sends
    assert sent == ["g"]


@pytest.mark.django_db
def test_computed_events_without_a_key_are_sent_for_every_call(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        realtime.publish_computed_on_commit(lambda: [("a", {"type": "x"})])
        realtime.publish_computed_on_commit(lambda: [("a", {"type": "x"})])

    assert realtime.flush()  # with Redis, the process's sender thread sends
    assert sent == ["a", "a"]


@pytest.mark.django_db(transaction=True)
def test_collected_events_are_sent_from_the_event_loop_in_order(sent):
    def service():
        realtime.publish_on_commit("first", {"type": "x"})
        realtime.publish_on_commit("second", {"type": "x"})
        return "done"

    result, collected = realtime.collecting(service)()
    assert sent == []

    async_to_sync(realtime.send_collected)(collected)

    assert (result, sent) == ("done", ["first", "second"])


@pytest.mark.redis
@pytest.mark.django_db
def test_the_sender_thread_sends_a_burst_in_order(sent, django_capture_on_commit_callbacks):
    # With Redis, sync code hands its sends to one thread per process (core.realtime._Sender).
    for n in range(50):
        with django_capture_on_commit_callbacks(execute=True):
            realtime.publish_on_commit(f"g{n}", {"type": "x"})

    assert realtime.flush()
    assert sent == [f"g{n}" for n in range(50)]


@pytest.mark.redis
@pytest.mark.django_db
def test_coalesced_rounds_send_the_first_at_once_and_one_for_the_rest_of_a_burst(
    sent, django_capture_on_commit_callbacks
):
    computed = []

    def compute():
        computed.append(1)
        return [("coalesced", {"type": "x"})]

    for _ in range(5):  # five commits well within a second
        with django_capture_on_commit_callbacks(execute=True):
            realtime.publish_computed_on_commit(
                compute, once_per_commit="test.coalesced", at_most_every=1.0
            )

    assert realtime.flush()  # waits for the held round too
    assert (len(computed), sent) == (5, ["coalesced", "coalesced"])


@pytest.mark.redis
@pytest.mark.django_db
def test_a_held_round_leaves_after_the_last_commit_it_covers(
    monkeypatch, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    real_send = layer.group_send
    sent_at: list[float] = []

    async def record(group, event):
        sent_at.append(time.monotonic())
        await real_send(group, event)

    monkeypatch.setattr(layer, "group_send", record)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            realtime.publish_computed_on_commit(
                lambda: [("held", {"type": "x"})], once_per_commit="test.held", at_most_every=1.0
            )
        last_commit = time.monotonic()

    assert realtime.flush()
    assert len(sent_at) == 2
    assert sent_at[1] >= last_commit


@pytest.mark.redis
@pytest.mark.django_db
def test_commits_a_held_round_covers_do_not_wake_the_sender_thread(
    monkeypatch, django_capture_on_commit_callbacks
):
    sender = realtime._background()
    assert realtime.flush()
    here = threading.get_ident()
    woken_from_here = []
    real_notify = sender._cond.notify_all

    def notify_all():
        if threading.get_ident() == here:
            woken_from_here.append(1)
        real_notify()

    monkeypatch.setattr(sender._cond, "notify_all", notify_all)
    for _ in range(6):  # the first is sent at once, the second held, the rest covered by it
        with django_capture_on_commit_callbacks(execute=True):
            realtime.publish_computed_on_commit(
                lambda: [("covered", {"type": "x"})], once_per_commit="test.cover", at_most_every=1
            )

    assert len(woken_from_here) == 2
    assert realtime.flush()  # the held round still leaves when it is due


@pytest.mark.django_db(transaction=True)
def test_coalesced_rounds_are_collected_one_per_commit_for_a_consumer():
    @realtime.collecting
    def service():
        for _ in range(2):
            with transaction.atomic():
                realtime.publish_computed_on_commit(
                    lambda: [("c", {"type": "x"})], once_per_commit="test.c", at_most_every=10
                )
        return "done"

    result, events = service()

    assert (result, [group for group, _event in events]) == ("done", ["c", "c"])
