"""Deflection rows that record no change are written in batches (insights.batching): the same
rows as the plain way, at most INSIGHTS_BATCH_SECONDS late, a full batch at once, none lost to
a failed write or to the server's stopping."""

import sys

import httpx
import pytest
from django.utils import timezone

from faq.demo import load as load_demo_kb
from insights import batching
from insights.models import Event
from insights.services import EventRow
from tests.conftest import Process, server_env
from tests.services import free_port, port_open
from tests.waiting import HTTP_TIMEOUT, GiveUp, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

Kind = Event.Kind
ROWS = [
    EventRow(
        kind=Kind.SUGGESTION_SHOWN,
        visitor="v-1",
        channel=Event.Channel.WIDGET,
        language="zh-hans",
        data={"article_ids": [3, 1, 2], "source": "search"},
    ),
    EventRow(
        kind=Kind.SEARCH_WITHOUT_RESULTS,
        visitor="v-2",
        channel=Event.Channel.WEB,
        language="en",
        query="  refund   wrong card ",
        data={"where": "api"},
    ),
]
COMPARED = ("kind", "visitor", "channel", "language", "query", "data", "topic_id", "article_id")


def written() -> list[tuple]:
    return list(Event.objects.order_by("id").values_list(*COMPARED))


@pytest.fixture
def batched(settings):
    settings.INSIGHTS_BATCH_SECONDS = 60.0
    yield
    assert batching.flush()


def test_a_batch_holds_the_rows_the_plain_way_writes(settings):
    settings.INSIGHTS_BATCH_SECONDS = 0
    for row in ROWS:
        batching.record(row)
    plain = written()
    Event.objects.all().delete()

    settings.INSIGHTS_BATCH_SECONDS = 60.0
    before = timezone.now()
    for row in ROWS:
        batching.record(row)
    after = timezone.now()
    held = written()
    assert batching.flush()

    assert held == []
    assert written() == plain
    assert all(before <= at <= after for at in Event.objects.values_list("at", flat=True))


def test_a_full_batch_is_written_without_waiting(batched, monkeypatch):
    monkeypatch.setattr(batching, "BATCH_ROWS", 2)
    batching.record(ROWS[0])
    batching.record(ROWS[1])

    wait_until(lambda: len(written()) == 2, what="the full batch")


def test_rows_a_failed_write_held_are_written_on_the_retry(settings, monkeypatch):
    settings.INSIGHTS_BATCH_SECONDS = 0.05
    real_bulk_create = Event.objects.bulk_create
    attempts = []

    def fails_once(rows):
        attempts.append(len(rows))
        if len(attempts) == 1:
            raise ConnectionError("database away")
        return real_bulk_create(rows)

    monkeypatch.setattr(Event.objects, "bulk_create", fails_once)
    for row in ROWS:
        batching.record(row)

    wait_until(lambda: len(written()) == 2, what="the retried batch")
    assert attempts == [2, 2]
    assert batching.flush()


def test_a_server_writes_the_suggestions_it_showed_within_the_batch_time(start_daphne):
    load_demo_kb()
    server = start_daphne(INSIGHTS_BATCH_SECONDS="0.2")

    answer = httpx.get(
        f"{server.url}/api/faq/suggest",
        params={"q": "password", "lang": "en"},
        timeout=HTTP_TIMEOUT,
    )

    shown = wait_until(
        lambda: Event.objects.filter(kind=Kind.SUGGESTION_SHOWN).first(), what="the batch"
    )
    assert shown.data["article_ids"] == [result["id"] for result in answer.json()["results"]]


@pytest.fixture
def start_granian(transactional_db):
    """The HTTP server of production (the Dockerfile's command, two workers): ``start(**env)``."""
    started: list[Process] = []

    def start(**env: str) -> Process:
        port = free_port()
        command = [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--workers", "2", "--blocking-threads", "1", "--no-ws"]
        server = Process("granian", [*command, "helpcenter.wsgi:application"], server_env(**env))
        started.append(server)
        server.url = f"http://127.0.0.1:{port}"

        def ready() -> bool:
            if server.popen.poll() is not None:
                raise GiveUp(f"granian exited:\n{server.output()}")
            return port_open(port)

        wait_until(ready, timeout=60, what="granian")
        return server

    yield start
    for server in started:
        server.stop()


@pytest.mark.parametrize("server_kind", ["daphne", "granian"])
def test_a_stopping_server_writes_what_it_held(start_daphne, start_granian, server_kind):
    """Under granian a worker is a multiprocessing child, which runs no atexit handler."""
    load_demo_kb()
    start = start_daphne if server_kind == "daphne" else start_granian
    server = start(INSIGHTS_BATCH_SECONDS="600")
    answers = [
        httpx.get(
            f"{server.url}/api/faq/suggest", params={"q": query, "lang": "en"}, timeout=HTTP_TIMEOUT
        ).json()["results"]
        for query in ("password", "withdrawal", "xqzv")
    ]
    assert written() == []  # held for ten minutes

    server.stop()

    # Each worker writes its own rows as it exits: in no set order between workers.
    assert sorted(kind for kind, *_ in written()) == sorted(
        Kind.SUGGESTION_SHOWN if results else Kind.SEARCH_WITHOUT_RESULTS for results in answers
    )
    assert [] in answers  # both kinds
