"""Shared fixtures: real servers (daphne, Celery worker, Redis, SMTP capture) and Chromium.

Anything that needs a server binary that is missing skips with the reason, unless
HELPCENTER_REQUIRE_SERVICES=1, which turns the skip into a failure (CI).
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
from django.db import connection

from tests import flush
from tests.factories import *  # noqa: F403 - factories are fixtures' building blocks
from tests.mail import SmtpCapture
from tests.services import (
    REQUIRE_SERVICES,
    Dovecot,
    Redis,
    ServiceUnavailable,
    free_port,
    port_open,
    procfile_daphne_flags,
)
from tests.waiting import GiveUp, wait_until

ROOT = Path(__file__).resolve().parent.parent
flush.install()  # transactional tests empty only the tables they wrote (tests/flush.py)
settings.PASSWORD_HASHERS = ["tests.hashers.QuickPBKDF2PasswordHasher"]  # tests/hashers.py
get_hashers.cache_clear()
get_hashers_by_algorithm.cache_clear()
# In this process a test's rows live in its own transaction, which a writer thread cannot see
# into: deflection rows are written at once here (insights.batching). Servers a test starts
# batch them, as in production.
settings.INSIGHTS_BATCH_SECONDS = 0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def service_missing(reason: str) -> None:
    """Skip, or fail in CI: nothing may skip silently there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(session, config, items) -> None:
    """Browser tests last: Playwright's sync API leaves an event loop running in the main
    thread for the rest of the session, and every pytest-asyncio test after it then fails with
    "Runner.run() cannot be called from a running event loop".

    Contract tests of a Redis-only shortcut (``redis`` marker) are deselected, not skipped,
    without REDIS_URL: the shortcut is not used there, so there is nothing to compare."""
    if not settings.REDIS_URL:
        deselected = [item for item in items if item.get_closest_marker("redis")]
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("redis")]
    if not _browser_tests_in_this_pass():
        deselected = [item for item in items if _drives_a_browser(item)]
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not _drives_a_browser(item)]
    items.sort(key=_drives_a_browser)


def _drives_a_browser(item: pytest.Item) -> bool:
    return "page_factory" in getattr(item, "fixturenames", ())


def _browser_tests_in_this_pass() -> bool:
    """`make test` runs the browser tests once, in the embedded pass (what `make run` starts),
    not again on PostgreSQL + Redis: the suite stays within its time budget, and every rule
    a browser test exercises has a socket or HTTP test that runs in both passes.
    HELPCENTER_BROWSER_TESTS_EVERY_PASS=1 runs them in both."""
    if os.environ.get("HELPCENTER_BROWSER_TESTS_EVERY_PASS") == "1":
        return True
    return os.environ.get("HELPCENTER_TEST_PASS", "embedded") == "embedded"


@pytest.fixture(autouse=True)
def _role_groups(request):
    """Transactional tests start from a flushed database: put back the role groups that a
    migration normally creates (and their permissions)."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    from django.contrib.auth.models import Group

    from accounts.roles import ROLES, sync_role_permissions

    if Group.objects.filter(name__in=ROLES).count() < len(ROLES):
        for name in ROLES:
            Group.objects.get_or_create(name=name)
        sync_role_permissions()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The cache and the per-process memos outlive a test's database rollback; start every
    test from empty ones."""
    from django.core.cache import cache

    from core import memo

    cache.clear()
    memo.clear_all()


# --- Redis ------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The suite's Redis: the one the services pass started, or a throwaway one."""
    if settings.REDIS_URL:
        yield settings.REDIS_URL
        return
    server = Redis()
    try:
        server.start()
    except ServiceUnavailable as exc:
        service_missing(str(exc))
    yield server.url
    server.stop()


@pytest.fixture
def redis_server() -> Iterator[Redis]:
    """A private Redis for a test that restarts it."""
    server = Redis()
    try:
        server.start()
    except ServiceUnavailable as exc:
        service_missing(str(exc))
    yield server
    server.stop()


# --- IMAP -------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    """One throwaway dovecot for the session (users ``support`` and ``other``)."""
    server = Dovecot()
    try:
        server.start(users=("support", "other"))
    except ServiceUnavailable as exc:
        service_missing(str(exc))
    yield server
    server.stop()


@pytest.fixture
def dovecot(dovecot_server) -> Dovecot:
    """The session's dovecot with empty folders: every message of every user deleted."""
    from imap_tools import MailBoxUnencrypted

    for user in dovecot_server.users:
        with MailBoxUnencrypted("127.0.0.1", dovecot_server.port).login(
            user, f"secret-{user}"
        ) as client:
            for folder in client.folder.list():
                client.folder.set(folder.name)
                uids = client.uids("ALL")
                if uids:
                    client.delete(uids)
    return dovecot_server


# --- Processes against the test database -------------------------------------------------------
def server_env(**extra: str) -> dict[str, str]:
    """Environment for a subprocess that must see the test database and this pass's services.

    It signs and checks with this process's ``SECRET_KEY`` (sessions' auth hash, chat and portal
    tokens, e-mailed links), given outright: read again from ``var/secret_key`` a server would
    take whatever key is there by then. A second run on the same var directory once deleted the
    file mid-pass, and every daphne and Celery worker started after that made a key of its own:
    agent handshakes refused with 403, customer sockets closed with 4401, e-mailed links that the
    test could not find (tests/helpcenter/test_test_servers.py)."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["SECRET_KEY"] = settings.SECRET_KEY
    if db["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.update(extra)
    return env


class Process:
    """A child process whose output goes to a log file shown when a test fails."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str]) -> None:
        self.name = name
        self.log_path = Path(settings.VAR_DIR) / f"{name}-{free_port()}.log"
        self.log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.stopped = False  # by the test or its fixture; otherwise an exit is a crash

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        self.stopped = True
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=5)
        self.log.close()


class DaphneServer(Process):
    def __init__(self, env: dict[str, str], port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}"
        env = {**env, "HELPCENTER_PORT": str(self.port)}
        cmd = [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(self.port),
            *procfile_daphne_flags(),
            "helpcenter.asgi:application",
        ]
        super().__init__(f"daphne-{self.port}", cmd, env)
        wait_until(self._ready, timeout=60, what=f"daphne on {self.port}")

    def _ready(self) -> bool:
        if self.popen.poll() is not None:
            raise GiveUp(f"daphne exited:\n{self.output()}")
        return port_open(self.port)


@pytest.fixture
def start_daphne(transactional_db) -> Iterator:
    """Start real daphne processes on the test database: ``start_daphne(**env)``."""
    started: list[DaphneServer] = []

    def start(port: int | None = None, **extra_env: str) -> DaphneServer:
        server = DaphneServer(server_env(**extra_env), port=port)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def live_daphne(start_daphne) -> "DaphneServer":
    """One daphne serving the whole product (HTTP and websockets) on a free port."""
    return start_daphne()


@pytest.fixture
def smtp_capture() -> Iterator[SmtpCapture]:
    """A real SMTP server on loopback that keeps every message it receives."""
    capture = SmtpCapture().start()
    yield capture
    capture.stop()


@pytest.fixture
def start_celery_worker(transactional_db, smtp_capture) -> Iterator:
    """Start real Celery worker processes on this pass's broker, sending mail to
    ``smtp_capture``: ``start_celery_worker()`` (a test that kills one starts another)."""
    if settings.CELERY_BROKER_URL == "filesystem://":
        for stale in Path(settings.CELERY_BROKER_DIR).glob("*"):
            stale.unlink()
    env = server_env(EMAIL_URL=f"smtp://127.0.0.1:{smtp_capture.port}")
    started: list[Process] = []

    def start() -> Process:
        worker = Process(
            "celery-worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "helpcenter",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env,
        )
        started.append(worker)

        def ready() -> bool:
            if worker.popen.poll() is not None:
                raise GiveUp(f"celery worker exited:\n{worker.output()}")
            return "ready" in worker.output()

        wait_until(ready, timeout=60, what="celery worker ready")
        return worker

    yield start
    # A worker that exited by itself crashed, and every task after that waited in vain: say
    # so with its log (a test once timed out on an e-mail with no hint that the worker had
    # stopped on a broker error, helpcenter/broker.py).
    crashed = [w.output() for w in started if not w.stopped and w.popen.poll() is not None]
    # SIGKILL: the test is over, and a warm shutdown waits out the worker's 2-second poll of
    # the broker and the interpreter's exit (4-5 s a worker on the file-system broker).
    # Whatever it leaves on the broker is cleared above by the next start (file-system
    # broker) or is flushed with the suite's Redis between tests (see ``_fresh_cache``).
    for worker in started:
        worker.stop(signal.SIGKILL)
    if crashed:
        pytest.fail("A Celery worker exited during the test:\n" + "\n".join(crashed), pytrace=False)


@pytest.fixture
def celery_worker(start_celery_worker) -> Process:
    """A real Celery worker process on this pass's broker, sending mail to ``smtp_capture``."""
    return start_celery_worker()


# --- Browser ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless Debian Chromium driven by Playwright (its own browser download fails here)."""
    if not Path(CHROMIUM).exists():
        service_missing("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    # Assertions retry for 15 s instead of Playwright's 5 (tests/waiting.py says why).
    expect.set_options(timeout=15_000)

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # same test (fixtures, assertions) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


class ConsoleErrors(list):
    """Console errors and uncaught page errors seen by a page."""


@pytest.fixture
def page_factory(browser) -> Iterator:
    """New isolated browser contexts (one per simulated person), recording console errors."""
    contexts = []

    def new_page(**context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.console_errors = ConsoleErrors()
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        return page

    yield new_page
    for context in contexts:
        context.close()


@pytest.fixture
def _early_in_an_hour():
    """Five seconds into the next hour, the clock running: no rate limit's window (a minute, an
    hour; ``core.ratelimits`` counts in windows aligned on the clock) ends mid-test. For a test
    that fills a limit and expects the next attempt refused."""
    with time_machine.travel(_next_hour_and_five_seconds(), tick=True):
        yield


@pytest.fixture
def _frozen_early_in_an_hour():
    """``_early_in_an_hour`` with the clock stopped: for a test that compares two answers'
    ``Retry-After`` (seconds to the window's end), which a second's tick would make differ."""
    with time_machine.travel(_next_hour_and_five_seconds(), tick=False):
        yield


def _next_hour_and_five_seconds() -> dt.datetime:
    start = (int(time.time()) // 3600 + 1) * 3600 + 5
    return dt.datetime.fromtimestamp(start, tz=dt.UTC)
