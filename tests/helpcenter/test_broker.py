"""helpcenter.broker's file-system transport, the embedded default's Celery broker: a worker
never takes a message file before it is whole, and a file that is not a message does not stop
it. (kombu's own let a polling worker read a file its writer had created and not yet written:
the worker stopped on the empty file, and the webhooks worker test waited in vain.)"""

import logging
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from queue import Empty

import pytest
from kombu import Connection

from helpcenter.broker import FilesystemTransport

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 1000


@pytest.fixture
def name() -> str:
    # A queue of its own: kombu keeps declared bindings per process, and a binding it thinks
    # is declared is not written to this test's folder (messages would be routed nowhere).
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def connect(tmp_path):
    options = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    connections: list[Connection] = []

    def new() -> Connection:
        connection = Connection(
            "filesystem://", transport=FilesystemTransport, transport_options=options
        )
        connections.append(connection)
        return connection

    yield new
    for connection in connections:
        connection.release()


def test_a_worker_polling_beside_a_busy_publisher_gets_every_message_whole(connect, name):
    # With kombu's transport 4 to 8 messages in 1000 were read empty here (docs/webhooks.md).
    outbox, inbox = connect().SimpleQueue(name), connect().SimpleQueue(name)
    received: list[int] = []
    errors: list[Exception] = []
    published = threading.Event()

    def poll() -> None:
        while len(received) + len(errors) < MESSAGES:
            try:
                message = inbox.get(block=False)
            except Empty:
                if published.is_set() and not inbox.qsize():
                    return
                continue
            except Exception as exc:
                errors.append(exc)
                continue
            received.append(message.payload["n"])
            message.ack()

    worker = threading.Thread(target=poll)
    worker.start()
    for n in range(MESSAGES):
        outbox.put({"n": n, "padding": "x" * 2000})
    published.set()
    worker.join(timeout=120)

    assert errors == []
    assert sorted(received) == list(range(MESSAGES))


def test_a_file_that_is_not_a_message_is_logged_and_skipped(connect, name, tmp_path, caplog):
    queue = connect().SimpleQueue(name)
    # Sorted before every real message name (monotonic milliseconds, never a leading 0).
    (tmp_path / f"0_left-by-another-program.{name}.msg").write_bytes(b"")
    queue.put({"n": 1})

    with caplog.at_level(logging.ERROR, logger="helpcenter.broker"):
        message = queue.get(block=False)

    assert message.payload == {"n": 1}
    assert f"Skipped an unreadable message file on queue {name}" in caplog.text


def test_the_embedded_default_sends_celery_tasks_through_it(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HELPCENTER_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "helpcenter.settings",
    }
    code = (
        "import django; django.setup(); from helpcenter.celery import app; "
        "print(type(app.connection_for_write().transport).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.stdout.strip() == "FilesystemTransport", result.stderr
