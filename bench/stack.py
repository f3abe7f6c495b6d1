"""The production-like stack for benchmarks: throwaway PostgreSQL and Redis on loopback, the
production settings, granian (WSGI) for HTTP pages and daphne for websockets.

    with Stack() as stack:
        stack.manage("seed_demo")
        web = stack.web(workers=2)
        ws = stack.daphne()
        ...  # drive load at web.url / ws.url

Everything listens on 127.0.0.1 only and is torn down on exit.
"""

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.services import Postgres, Redis, free_port, port_open, procfile_daphne_flags
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent


# granian's workers in the Dockerfile and docker-compose.yml (held equal by
# tests/bench/test_stack_layout.py). The benchmarks of pages people click through (the staff
# inbox) run this layout; the write-throughput ones keep one worker per core (docs/performance.md,
# "Serving layout").
PRODUCTION_WORKERS = 4


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def _stat_ticks(pid: int) -> int:
    """utime + stime of a process, in clock ticks (0 when it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except FileNotFoundError:
        return ""


def _children(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            if ppid == parent:
                pids.append(int(entry.name))
    return pids


def _process_group(leader: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                pgrp = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            if pgrp == leader:
                pids.append(int(entry.name))
    return pids


# CpuMeter's labels of what is not one of the stack's processes.
LOAD_GENERATOR = "load generator (wrk)"
MACHINE = "machine, all processes"


class CpuMeter:
    """CPU seconds per labelled process of a :class:`Stack` over a span (``/proc/<pid>/stat``
    utime + stime before and after), plus the load generator run as a child of this process
    (``RUSAGE_CHILDREN``), and the whole machine (``/proc/stat``) for what is not ours.

        with CpuMeter(stack) as meter:
            wrk(...)
        meter.table(per=requests)
    """

    def __init__(self, stack: "Stack") -> None:
        self.stack = stack
        self.ticks = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _machine() -> int:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        return sum(int(f) for f in fields[:3]) + sum(int(f) for f in fields[5:8])

    def __enter__(self) -> "CpuMeter":
        import resource

        self.before = {pid: _stat_ticks(pid) for pid in self.stack.processes()}
        self.children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.machine_before = self._machine()
        self.wall = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        import resource

        self.wall = time.perf_counter() - self.wall
        machine = self._machine() - self.machine_before
        after = self.stack.processes()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds: dict[str, float] = {}
        # Processes born during the span (new backends) count from zero.
        for pid, label in after.items():
            used = _stat_ticks(pid) - self.before.get(pid, 0)
            seconds[label] = seconds.get(label, 0.0) + used / self.ticks
        seconds[LOAD_GENERATOR] = (
            children.ru_utime
            + children.ru_stime
            - self.children_before.ru_utime
            - self.children_before.ru_stime
        )
        seconds[MACHINE] = machine / self.ticks
        self.seconds = seconds

    def table(self, *, per: int) -> str:
        """Markdown: CPU seconds, share of the two cores, and milliseconds per request."""
        cores = os.cpu_count() or 1
        lines = [
            f"| process | CPU s in {self.wall:.1f} s | % of {cores} cores | CPU ms per request |",
            "| --- | --- | --- | --- |",
        ]
        for label, used in sorted(self.seconds.items(), key=lambda kv: -kv[1]):
            lines.append(
                f"| {label} | {used:.2f} | {100 * used / (cores * self.wall):.1f} | "
                f"{1000 * used / max(per, 1):.2f} |"
            )
        return "\n".join(lines)


class Stack:
    def __init__(self, *, redis: bool = True) -> None:
        self.postgres = Postgres()
        self.redis = Redis() if redis else None
        self.var_dir = Path(tempfile.mkdtemp(prefix="hc-bench-"))
        self.servers: list[Server] = []
        self.web_layout = ""
        self.env: dict[str, str] = {}

    def __enter__(self) -> "Stack":
        self.postgres.start()
        if self.redis:
            self.redis.start()
        self.env = {
            **os.environ,
            "DATABASE_URL": self.postgres.url,
            "HELPCENTER_PRODUCTION": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            # The load generators' websocket Origin (the check compares scheme, host and port).
            "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
            "HELPCENTER_VAR_DIR": str(self.var_dir),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        if self.redis:
            self.env["REDIS_URL"] = self.redis.url
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.stop()
        if self.redis:
            self.redis.stop()
        self.postgres.stop()

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def _start(self, name: str, cmd: list[str], port: int) -> Server:
        log = (self.var_dir / f"{name}-{port}.log").open("wb")
        process = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = Server(name, port, process)
        self.servers.append(server)
        wait_until(lambda: port_open(port), timeout=60, what=f"{name} on {port}")
        return server

    def granian(self, *, workers: int = 2, app: str = "helpcenter.wsgi:application") -> Server:
        """The production HTTP server: granian's Rust HTTP stack calling the WSGI app, one
        blocking thread per worker (the GIL makes more threads slower for CPU-bound views).

        A load generator's keep-alive connection stays on the worker that accepted it, and the
        kernel hands them out unevenly (15 and 5 of wrk's 20 in one run): docs/performance.md,
        "Serving layout"."""
        port = free_port()
        cmd = [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            os.environ.get("BENCH_BLOCKING_THREADS", "1"),
            "--backlog",
            "2048",
            "--no-ws",
            "--log-level",
            "warning",
        ]
        self.web_layout = f"granian -w {workers}"
        return self._start("granian", [*cmd, app], port)

    def web(self, *, workers: int = 2, app: str = "helpcenter.wsgi:application") -> Server:
        """The HTTP server for pages, as in production (``BENCH_WORKERS`` overrides the
        number of workers; ``web_layout`` tells the options used, for the report)."""
        workers = int(os.environ.get("BENCH_WORKERS", workers))
        return self.granian(workers=workers, app=app)

    def celery(self, *, concurrency: int = 4) -> subprocess.Popen:
        """A Celery worker as the Procfile runs it (thread pool), so the e-mail and the other
        tasks a request queues are done, and their CPU counted, during a benchmark."""
        log = (self.var_dir / "celery.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "helpcenter",
                "worker",
                "--loglevel",
                "WARNING",
                "--pool",
                "threads",
                "--concurrency",
                str(concurrency),
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.servers.append(Server("celery", 0, process))
        return process

    def processes(self) -> dict[int, str]:
        """Every process of the stack with a label: the web servers and their workers, the
        Celery worker, each PostgreSQL process by its title (client backends, WAL writer,
        autovacuum…) and Redis. For :class:`CpuMeter`."""
        found: dict[int, str] = {}
        for server in self.servers:
            if server.process.poll() is None:
                for pid in _process_group(server.process.pid):
                    role = "main" if pid == server.process.pid else "worker"
                    found[pid] = f"{server.name} {role}"
        postmaster = int(
            (self.postgres.directory / "data" / "postmaster.pid").read_text().split()[0]
        )
        found[postmaster] = "postgres postmaster"
        for pid in _children(postmaster):
            title = _cmdline(pid).removeprefix("postgres: ")
            # "helpcenter postgres 127.0.0.1(5432) idle" -> "backend"
            found[pid] = "postgres backend" if "127.0.0.1(" in title else f"postgres {title}"
        if self.redis and self.redis.process:
            found[self.redis.process.pid] = "redis"
        return found

    def daphne(
        self, *, app: str = "helpcenter.asgi:application", port: int | None = None
    ) -> Server:
        """Daphne with the Procfile's options (``-v 0``: its own access log off), as in
        production: a benchmark must not measure log lines the site never writes."""
        port = port or free_port()
        cmd = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
        return self._start("daphne", [*cmd, *procfile_daphne_flags(), app], port)
