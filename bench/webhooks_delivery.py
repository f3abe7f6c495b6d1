"""Webhooks benchmark: events arriving at a steady rate, delivered to a local receiver.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.webhooks_delivery
    .venv/bin/python -m bench.webhooks_delivery --events 500          # a quick check

The production-like stack (PostgreSQL, Redis, ``bench.stack``) with one Celery worker (prefork,
2 processes) and Celery beat (the retry sweep). A receiver on loopback (in this process)
records each request's ``webhook-id`` and arrival time. A producer process writes ``--events``
outbox rows at ``--rate`` per second, each in its own transaction through
``webhooks.services.deliveries_queue`` (what the ticket and chat receivers call), so the
measure is the delivery pipeline: commit → hand-off → Celery → signed POST.

End-to-end latency = arrival at the receiver − the event's ``timestamp`` (written in the
producer's transaction). Targets: p99 < 2 s, no event lost, none delivered twice.

``--kill``: a second phase kills the worker with SIGKILL while events are flowing and starts a
new one. Events the dead worker held come back through the lease and the beat sweep (about a
minute later); the check is that none is lost and that every event received twice carried the
same ``webhook-id`` both times (at-least-once delivery; receivers drop duplicates by id).
"""

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.stack import ROOT, Stack
from tests.services import free_port
from tests.waiting import wait_until

PRODUCER = """
import os, time
from django.db import transaction
from django.utils import timezone
from webhooks import events, services

count, rate = int(os.environ["BENCH_COUNT"]), float(os.environ["BENCH_RATE"])
first = int(os.environ["BENCH_FIRST"])
start = time.monotonic()
for i in range(first, first + count):
    pause = start + (i - first) / rate - time.monotonic()
    if pause > 0:
        time.sleep(pause)
    with transaction.atomic():
        body = events.envelope("ticket.created", {"seq": i}, at=timezone.now())
        services.deliveries_queue(event_type="ticket.created", body=body)
# The hand-off thread may hold the last ids it took; let it send them before the process ends
# (a web process lives on; here a lost hand-off would wait for the sweep, a minute later).
time.sleep(1)
services._handoff.flush()
"""

SUBSCRIBE = """
from webhooks.models import Subscription
import os
Subscription.objects.create(name="bench", url=os.environ["BENCH_URL"], events=["ticket.created"])
"""


class Receiver:
    def __init__(self) -> None:
        self.port = free_port()
        self.lock = threading.Lock()
        self.arrivals: dict[str, list[float]] = {}  # webhook-id -> arrival times
        self.latencies: list[float] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                now = time.time()
                sent = dt.datetime.fromisoformat(json.loads(body)["timestamp"]).timestamp()
                with receiver.lock:
                    receiver.arrivals.setdefault(self.headers["webhook-id"], []).append(now)
                    receiver.latencies.append(now - sent)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def received(self) -> int:
        with self.lock:
            return len(self.arrivals)

    def reset(self) -> None:
        with self.lock:
            self.arrivals.clear()
            self.latencies.clear()


def start_celery(stack: Stack, *args: str, name: str) -> subprocess.Popen:
    log = (stack.var_dir / f"{name}.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "helpcenter", *args, "--loglevel", "WARNING"],
        cwd=ROOT,
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_worker(stack: Stack) -> subprocess.Popen:
    worker = start_celery(
        stack,
        "worker",
        "--concurrency",
        "2",
        "--without-gossip",
        "--without-mingle",
        name="worker",
    )
    return worker


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def produce(stack: Stack, *, count: int, rate: float, first: int) -> subprocess.Popen:
    env = {
        **stack.env,
        "BENCH_COUNT": str(count),
        "BENCH_RATE": str(rate),
        "BENCH_FIRST": str(first),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", PRODUCER], cwd=ROOT, env=env
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def warm_up(stack: Stack, receiver: Receiver) -> None:
    """One event through the whole path: the worker is up and connected before timing."""
    produce(stack, count=1, rate=1, first=-1).wait()
    wait_until(lambda: receiver.received() >= 1, timeout=120, what="the warm-up event")
    receiver.reset()


def run_normal(stack: Stack, receiver: Receiver, *, count: int, rate: float) -> bool:
    warm_up(stack, receiver)
    producer = produce(stack, count=count, rate=rate, first=0)
    producer.wait()
    wait_until(lambda: receiver.received() >= count, timeout=120, what=f"{count} events")
    time.sleep(2)  # anything sent twice arrives meanwhile
    with receiver.lock:
        twice = sum(1 for times in receiver.arrivals.values() if len(times) > 1)
        latencies = list(receiver.latencies)
        received = len(receiver.arrivals)
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print(f"\nNormal run: {count} events at {rate:g}/s")
    print(f"  received {received}, lost {count - received}, delivered twice {twice}")
    print(
        f"  end-to-end latency p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms"
    )
    met = received == count and twice == 0 and p99 < 2.0
    print(f"  targets (p99 < 2 s, none lost, none twice): {'met' if met else 'NOT met'}")
    return met


def run_kill(
    stack: Stack, receiver: Receiver, worker: subprocess.Popen, *, count: int, rate: float
) -> bool:
    receiver.reset()
    producer = produce(stack, count=count, rate=rate, first=10_000_000)
    wait_until(lambda: receiver.received() >= count // 3, timeout=60, what="a third received")
    stop(worker, signal.SIGKILL)
    replacement = start_worker(stack)
    producer.wait()
    # Rows the dead worker held come back when their lease ends, through the beat sweep.
    wait_until(
        lambda: receiver.received() >= count,
        timeout=300,
        interval=1,
        what="every event after the kill",
    )
    time.sleep(2)
    with receiver.lock:
        twice = sum(1 for times in receiver.arrivals.values() if len(times) > 1)
        received = len(receiver.arrivals)
    print(f"\nWorker killed mid-run: {count} events at {rate:g}/s")
    print(
        f"  received {received} distinct ids, lost {count - received}, "
        f"received again with the same id {twice}"
    )
    stop(replacement)
    return received == count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--kill", action="store_true", help="also run the worker-kill phase")
    args = parser.parse_args()
    receiver = Receiver()
    with Stack() as stack:
        stack.env["WEBHOOKS_ALLOW_PRIVATE_TARGETS"] = "true"
        # The receiver answers at once; a short timeout keeps a killed worker's lease short
        # (the lease covers a batch's worst case, webhooks.services._lease).
        stack.env["WEBHOOKS_TIMEOUT_SECONDS"] = "2"
        stack.env["BENCH_URL"] = f"http://127.0.0.1:{receiver.port}/hooks"
        stack.manage("shell", "-c", SUBSCRIBE)
        beat = start_celery(
            stack, "beat", "--schedule", str(stack.var_dir / "beat-schedule"), name="beat"
        )
        worker = start_worker(stack)
        try:
            met = run_normal(stack, receiver, count=args.events, rate=args.rate)
            if args.kill:
                met = run_kill(stack, receiver, worker, count=args.events, rate=args.rate) and met
            else:
                stop(worker)
        finally:
            stop(beat)
            if worker.poll() is None:
                stop(worker)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
