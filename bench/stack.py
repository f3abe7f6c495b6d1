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
from dataclasses import dataclass
from pathlib import Path

from tests.services import Postgres, Redis, free_port, port_open, procfile_daphne_flags
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent


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


class Stack:
    def __init__(self, *, redis: bool = True) -> None:
        self.postgres = Postgres()
        self.redis = Redis() if redis else None
        self.var_dir = Path(tempfile.mkdtemp(prefix="hc-bench-"))
        self.servers: list[Server] = []
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
        blocking thread per worker (the GIL makes more threads slower for CPU-bound views)."""
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
            app,
        ]
        return self._start("granian", cmd, port)

    def web(self, *, workers: int = 2, app: str = "helpcenter.wsgi:application") -> Server:
        """The HTTP server for pages, as in production."""
        return self.granian(workers=int(os.environ.get("BENCH_WORKERS", workers)), app=app)

    def daphne(
        self, *, app: str = "helpcenter.asgi:application", port: int | None = None
    ) -> Server:
        """Daphne with the Procfile's options (``-v 0``: its own access log off), as in
        production: a benchmark must not measure log lines the site never writes."""
        port = port or free_port()
        cmd = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
        return self._start("daphne", [*cmd, *procfile_daphne_flags(), app], port)
