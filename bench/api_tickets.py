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
import sys

from bench.stack import Stack
from bench.tickets_bench import HERE, bench_create, wrk

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
    wrk(base_url, seconds=min(3, seconds), connections=20, script=script, env=env)  # warm up
    created = wrk(base_url, seconds=seconds, connections=20, script=script, env=env)
    created["per_second"] = created["requests"] / created["seconds"]
    return created


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of each load phase")
    args = parser.parse_args()
    stack = Stack()
    with stack:
        stack.manage("seed_demo", "--allow-production")
        stack.env.update(OPEN_LIMITS)
        form = bench_create(stack, args.seconds)
        # The form benchmark's server is still running: the API is measured on the same one.
        api = bench_api(stack, args.seconds, base_url=stack.servers[-1].url)
    f, b = form["create"], form["baseline_get_form"]
    print("\nAPI ticket creation (2 cores, PostgreSQL, Redis, granian -w 2, 20 connections)")
    print(
        f"  API (POST /api/v1/tickets, JSON, Idempotency-Key, {args.seconds}s): "
        f"{api['per_second']:.0f} tickets/s, p50 {api['p50_ms']:.1f} ms, "
        f"p99 {api['p99_ms']:.1f} ms, non-201 {api['non_201']}"
    )
    print(
        f"  form (POST with CSRF, same run): {f['per_second']:.0f} tickets/s, "
        f"p99 {f['p99_ms']:.1f} ms, non-302 {f['non_302']}; GET of the form "
        f"{b['per_second']:.0f} req/s; API/form = {api['per_second'] / f['per_second']:.2f}"
    )
    met = api["per_second"] >= 300 and api["p99_ms"] < 100 and api["non_201"] == 0
    print(f"  targets (>=300/s, p99 <100 ms, every request 201): {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
