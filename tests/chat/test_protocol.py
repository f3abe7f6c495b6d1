"""Parsing client frames: what each role may send and what is refused."""

import pytest

from chat import protocol
from chat.protocol import ErrorCode, ProtocolError, Role


def parse(data, role=Role.CUSTOMER):
    return protocol.parse_client_frame(data, role=role)


def test_a_customer_message_frame_parses_with_a_trimmed_body():
    frame = parse({"type": "message", "client_id": "c-1", "body": "  hello  "})

    assert frame == protocol.SendMessage(client_id="c-1", body="hello")


def test_agent_frames_must_name_the_conversation():
    with pytest.raises(ProtocolError) as refused:
        parse({"type": "message", "client_id": "c-1", "body": "hi"}, role=Role.AGENT)

    assert refused.value.code == ErrorCode.INVALID


def test_an_agent_sync_parses_with_its_conversation():
    frame = parse({"type": "sync", "conversation": 4, "last_seq": 9}, role=Role.AGENT)

    assert frame == protocol.Sync(last_seq=9, conversation=4)


def test_customers_cannot_send_agent_only_frames():
    with pytest.raises(ProtocolError) as refused:
        parse({"type": "status", "status": "online"})

    assert refused.value.code == ErrorCode.UNKNOWN_TYPE


def test_a_client_id_with_spaces_is_invalid():
    with pytest.raises(ProtocolError) as refused:
        parse({"type": "message", "client_id": "a b", "body": "hi"})

    assert refused.value.code == ErrorCode.INVALID


def test_a_body_of_exactly_4000_characters_is_accepted():
    frame = parse({"type": "message", "client_id": "c", "body": "字" * protocol.MAX_BODY_CHARS})

    assert len(frame.body) == protocol.MAX_BODY_CHARS


def test_decode_refuses_binary_frames():
    with pytest.raises(ProtocolError) as refused:
        protocol.decode(None)

    assert refused.value.code == ErrorCode.BAD_JSON


def test_the_error_frame_echoes_the_client_id():
    error = ProtocolError(ErrorCode.TOO_LONG, "too long", client_id="c-7", conversation=3)

    assert protocol.error_frame(error) == {
        "type": "error",
        "code": "too_long",
        "message": "too long",
        "client_id": "c-7",
        "conversation": 3,
    }
