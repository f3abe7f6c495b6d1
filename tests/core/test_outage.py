"""An outage of the channel layer is logged once when it starts and once when it ends."""

import logging
import re

import pytest
from django.test import override_settings

from core import realtime
from core.outage import OutageLog

EVENT = {"type": "ticket.updated", "id": 7}


@pytest.fixture
def redis_layer(redis_server):
    """The channel layer of production (Redis pub/sub) on a private Redis the test stops."""
    layers = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": redis_server.url, "socket_connect_timeout": 2}]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        yield redis_server


def warnings_and_worse(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_an_outage_logs_one_warning_without_traceback_and_its_end_one_line_with_the_count(
    caplog,
):
    outage = OutageLog("realtime", "channel layer", note="clients fetch what they missed")
    caplog.set_level(logging.INFO, logger="core.outage")

    for _ in range(3):
        outage.failed(ConnectionRefusedError(111, "Connection refused"))
    outage.succeeded()
    outage.succeeded()

    warning, back = caplog.records
    assert (warning.levelname, warning.exc_info) == ("WARNING", None)
    assert warning.getMessage() == (
        "realtime: channel layer unavailable (ConnectionRefusedError: [Errno 111] "
        "Connection refused); clients fetch what they missed; failures are counted until it is back"
    )
    assert (back.levelname, back.exc_info) == ("INFO", None)
    assert re.fullmatch(
        r"realtime: channel layer back after 3 failed sends in \d+ s", back.getMessage()
    )


def test_a_second_outage_is_logged_again(caplog):
    outage = OutageLog("outbox", "Celery broker", calls="hand-offs")
    caplog.set_level(logging.INFO, logger="core.outage")

    outage.failed(OSError("down"))
    outage.succeeded()
    outage.failed(OSError("down again"))
    outage.succeeded()

    assert [r.getMessage()[:40] for r in caplog.records] == [
        "outbox: Celery broker unavailable (OSErr",
        "outbox: Celery broker back after 1 faile",
        "outbox: Celery broker unavailable (OSErr",
        "outbox: Celery broker back after 1 faile",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_hundred_sends_while_redis_is_down_log_one_warning_then_one_line_when_it_is_back(
    redis_layer, caplog
):
    caplog.set_level(logging.INFO)
    realtime.publish_on_commit("console", EVENT)
    assert realtime.flush()  # sync code's sends go through the process's sender thread

    redis_layer.stop()
    for _ in range(200):
        realtime.publish_on_commit("console", EVENT)
    assert realtime.flush(timeout=30)
    during = warnings_and_worse(caplog)
    redis_layer.start()
    realtime.publish_on_commit("console", EVENT)
    assert realtime.flush()

    assert len(during) == 1
    assert during[0].getMessage().startswith("realtime: channel layer unavailable (")
    assert during[0].exc_info is None
    assert warnings_and_worse(caplog) == during
    back = [r.getMessage() for r in caplog.records if r.name == "core.outage"][1:]
    assert len(back) == 1
    assert back[0].startswith("realtime: channel layer back after 200 failed sends in ")
