"""API benchmark: ticket creation through the REST API with an Idempotency-Key, against the
request form's POST in the same run (docs/api.md, Benchmark).

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.api_tickets [--seconds 20]

The production-like stack of ``bench.tickets_bench`` (PostgreSQL, Redis, granian with 2 WSGI
workers, wrk with 20 connections): first the form benchmark (``bench_create``, unchanged), then,
on the same server, wrk POSTs JSON requests to ``/api/v1/tickets`` as a ``tickets:customer`` key
acting for one wallet user, each with its own ``Idempotency-Key``
(``bench/api_tickets_create.lua``). Abuse limits are raised: every request comes from 127.0.0.1
and one customer.
"""

import argparse
import platform
import sys
import time
from collections import Counter

from bench.stack import MACHINE, CpuMeter, Stack
from bench.tickets_bench import CONNECTIONS, HERE, bench_create, wrk

OPEN_LIMITS = {
    "API_RATE_PER_KEY": "100000000/m",
    "API_RATE_PER_CUSTOMER": "100000000/m",
    "TICKETS_RATE_CREATE_IP": "100000000/m",
    "TICKETS_RATE_CREATE_EMAIL": "100000000/m",
}
WALLET_USER = "bench-wallet-user"
SIGN_IN = (
    "from accounts.services import wallet_customer_sign_in; "
    f"wallet_customer_sign_in(wallet_user_id='{WALLET_USER}', email='bench.api@example.com', "
    "name='Bench Customer', language='en')"
)


KINDS = ("granian", "postgres", "redis", "wrk")


def cpu_by_kind(meter: CpuMeter) -> Counter:
    """The meter's CPU seconds summed by kind of process (granian, postgres, redis, wrk), the
    machine's total, and other: what the machine used beyond the named kinds (the other
    engineers' work on a shared machine, and a process that ended during the span, whose CPU
    meanwhile is unknown)."""
    used: Counter = Counter()
    for label, seconds in meter.seconds.items():
        kind = "machine" if label == MACHINE else next((k for k in KINDS if k in label), "other")
        used[kind] += seconds
    used["other"] = used["machine"] - sum(used[kind] for kind in KINDS)
    return used


def bench_api(stack: Stack, seconds: int, *, base_url: str) -> dict:
    key = stack.manage(
        "apikey", "create", "--name", "bench", "--scopes", "tickets:customer"
    ).strip()
    stack.manage("shell", "-c", SIGN_IN)
    category = stack.manage(
        # A topic without questions of its own (TopicField), as the form benchmark uses: the
        # JSON carries no answers, and a topic with required ones would answer 422.
        "shell",
        "-c",
        "from core.models import Topic; print(Topic.objects.filter(request_fields=None)[0].pk)",
    ).splitlines()[-1]
    env = {
        "BENCH_API_KEY": key,
        "BENCH_WALLET_USER": WALLET_USER,
        "BENCH_CATEGORY": category,
        "PATH": "/usr/bin:/bin",
    }
    script = HERE / "api_tickets_create.lua"
    wrk(
        base_url, seconds=min(3, seconds), connections=CONNECTIONS, script=script, env=env
    )  # warm up
    with CpuMeter(stack) as meter:
        created = wrk(base_url, seconds=seconds, connections=CONNECTIONS, script=script, env=env)
    used = cpu_by_kind(meter)
    created["per_second"] = created["requests"] / created["seconds"]
    # CPU milliseconds per request by kind of process, while wrk ran (other: everything else
    # on the machine, the other engineers' work included on a shared one).
    created["cpu_ms"] = {k: round(1000 * v / created["requests"], 2) for k, v in used.items()}
    return created


def python_loop_seconds() -> float:
    """CPU seconds of a fixed pure-Python loop (dict stores, string building, small objects) in
    this process, whose interpreter is the servers' (``sys.executable``): how fast the host and
    the interpreter run Python at the moment, so that runs on different days compare
    (docs/performance.md, "The interpreter")."""

    class Row:
        def __init__(self, value: int) -> None:
            self.value = value

    start = time.process_time()
    kept: dict[int, str] = {}
    for n in range(2_000_000):
        kept[n % 1000] = str(n) + "x"
    total = 0
    for n in range(1_000_000):
        total += Row(n).value
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of each load phase")
    parser.add_argument(
        "--api-only",
        action="store_true",
        help="skip the form benchmark (a quick look at the API alone; not the figure of record)",
    )
    args = parser.parse_args()
    loop_before = python_loop_seconds()
    stack = Stack()
    with stack:
        stack.manage("seed_demo", "--allow-production")
        stack.env.update(OPEN_LIMITS)
        form = None if args.api_only else bench_create(stack, args.seconds)
        # The form benchmark's server is still running: the API is measured on the same one.
        url = stack.web(workers=2).url if args.api_only else stack.servers[-1].url
        api = bench_api(stack, args.seconds, base_url=url)
    loop_after = python_loop_seconds()
    print(
        f"\nAPI ticket creation (2 cores, PostgreSQL, Redis, {stack.web_layout}, "
        f"{CONNECTIONS} connections)"
    )
    print(
        f"  host: Python {platform.python_version()} ({sys.executable}), a fixed Python loop "
        f"{loop_before:.2f} s before and {loop_after:.2f} s after"
    )
    print(
        f"  API (POST /api/v1/tickets, JSON, Idempotency-Key, {args.seconds}s): "
        f"{api['per_second']:.0f} tickets/s, p50 {api['p50_ms']:.1f} ms, "
        f"p99 {api['p99_ms']:.1f} ms, non-201 {api['non_201']}"
    )
    print(
        "  CPU ms per API request while wrk ran: "
        + ", ".join(f"{kind} {ms}" for kind, ms in api["cpu_ms"].items())
    )
    met = api["per_second"] >= 300 and api["p99_ms"] < 100 and api["non_201"] == 0
    if form is None:
        print(f"  targets (>=300/s, p99 <100 ms, every request 201): {'met' if met else 'NOT met'}")
        return 0
    f, b = form["create"], form["baseline_get_form"]
    print(
        f"  form (POST with CSRF, same run): {f['per_second']:.0f} tickets/s, "
        f"p99 {f['p99_ms']:.1f} ms, non-302 {f['non_302']}; GET of the form "
        f"{b['per_second']:.0f} req/s; API/form = {api['per_second'] / f['per_second']:.2f}"
    )
    print(f"  targets (>=300/s, p99 <100 ms, every request 201): {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
