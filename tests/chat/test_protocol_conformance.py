"""Every frame the services emit matches chat.protocol (the Zulip habit: one module defines
the event shapes, a test holds the code to it). Socket tests check the consumer-built frames
the same way: tests.chat.conftest.Socket validates every frame it receives."""

import pytest

from chat import events, protocol, services
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

SERVICE_FRAMES = {
    "message",
    "read",
    "conversation",
    "queue",
    "queue_update",
    "assigned",
    "unassigned",
    "agent_status",
    "supervising",
    # Staff notifications (workspace.receivers, on chat_event): the transfer, the routing
    # and the supervisor's reassignment and take-over above (§4.8).
    "notification",
}


def run_every_service(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = staff_user("agent")
        PresenceFactory(user=first, capacity=1)
        second = staff_user("agent")
        PresenceFactory(user=second, status="offline", capacity=1)
        active = ConversationFactory()
        waiting = ConversationFactory()
        services.message_send(
            conversation_id=waiting.pk, sender_kind="customer", client_id="w-1", body="Still here"
        )
        services.read_mark(conversation_id=active.pk, reader="agent", seq=2)
        services.agent_set_status(user=second, status="online")
        services.conversation_transfer(
            conversation_id=active.pk, by=first, to_agent_id=second.pk, note="Refund"
        )
        services.conversation_rate(conversation_id=active.pk, score=4, comment="ok")
        services.conversation_close(conversation_id=active.pk, by_customer=True)
        ConversationFactory()
        ConversationFactory()  # both agents are full: this one waits (a queue frame)
        last = ConversationFactory()
        boss = staff_user("supervisor")  # supervisor tools (chat.services.supervision)
        services.conversation_watch(conversation_id=waiting.pk, by=boss)
        services.conversation_join(conversation_id=waiting.pk, by=boss)
        services.conversation_reassign(conversation_id=waiting.pk, by=boss, to_agent_id=first.pk)
        services.conversation_take_over(conversation_id=last.pk, by=boss)


def test_every_frame_the_services_emit_matches_the_protocol(
    published, django_capture_on_commit_callbacks
):
    run_every_service(django_capture_on_commit_callbacks)

    emitted = [event for group, event in published if group != events.FLOOR_GROUP]
    frames = [e["frame"] for e in emitted]
    frames += [e["agent_frame"] for e in emitted if "agent_frame" in e]
    for frame in frames:
        protocol.validate_server_frame(frame)
    assert {f["type"] for f in frames} == SERVICE_FRAMES


def test_every_event_is_a_chat_frame_event(published, django_capture_on_commit_callbacks):
    run_every_service(django_capture_on_commit_callbacks)

    chat_events = {event["type"] for group, event in published if group != events.FLOOR_GROUP}
    assert chat_events == {"chat.frame"}


def test_the_floor_signal_of_the_event_log_makes_valid_floor_frames(
    published, django_capture_on_commit_callbacks
):
    """insights tells supervisors' sockets ``floor.changed`` (§4.6); the consumer forwards it
    as the ``floor`` frame built here."""
    run_every_service(django_capture_on_commit_callbacks)

    floor = [event for group, event in published if group == events.FLOOR_GROUP]
    assert floor
    for event in floor:
        assert event["type"] == "floor.changed"
        protocol.validate_server_frame(protocol.floor_frame(changed=event["changed"]))


def test_a_notification_frame_holds_one_known_kind_and_a_count():
    item = {"id": 1, "kind": "sla_breach", "text": "t", "url": "/en/", "created_at": "x"}

    protocol.validate_server_frame(protocol.notification_frame(notification=item, unread=1))
    with pytest.raises(ValueError, match="notification"):
        protocol.validate_server_frame(
            protocol.notification_frame(notification=item | {"kind": "gossip"}, unread=1)
        )


def test_a_frame_with_an_extra_key_is_not_valid():
    frame = protocol.pong_frame() | {"debug": True}

    with pytest.raises(ValueError, match="pong"):
        protocol.validate_server_frame(frame)
