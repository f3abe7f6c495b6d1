"""Tickets benchmark: request-form throughput and the SLA sweep over 1,000,000 open tickets.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.tickets_bench

1. Creation: the production-like stack (PostgreSQL, Redis, granian with 2 WSGI workers).
   A real GET of the form gives the CSRF cookie and token; then wrk (``apt-get install wrk``)
   POSTs the form with 20 concurrent connections (``bench/tickets_create.lua``), each ticket
   with its own e-mail. Baseline in the same run: GET of the same form page.
2. Sweep: 1,000,000 open tickets inserted with one ``INSERT … SELECT generate_series``, of
   which ``--due`` have a reminder due now; then ``tickets.sla.sweep()`` is timed in a
   separate process (the due reminders, then an idle sweep with nothing due).
"""

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg2

from bench.stack import CpuMeter, Stack

HERE = Path(__file__).resolve().parent
RESULT = re.compile(r"BENCH_RESULT (\{.*\})")
# wrk's keep-alive connections.
CONNECTIONS = 20


def wrk(url: str, *, seconds: int, connections: int, script: Path, env: dict) -> dict:
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=seconds + 60,
    )
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
    return json.loads(RESULT.search(out.stdout).group(1))


def csrf_from_form(base: str) -> tuple[str, str]:
    """GET the form like a browser: the CSRF cookie and the page's token."""
    response = httpx.get(f"{base}/en/requests/new/", timeout=60)
    response.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    return response.cookies["csrftoken"], token


def bench_create(stack: Stack, seconds: int, *, celery: bool = False) -> dict:
    # The abuse limits are per IP; every benchmark request comes from 127.0.0.1.
    stack.env.update(
        {
            "TICKETS_RATE_CREATE_IP": "100000000/m",
            "TICKETS_RATE_CREATE_EMAIL": "100000000/m",
        }
    )
    web = stack.web(workers=2)
    if celery:
        stack.celery()
    cookie, token = csrf_from_form(web.url)
    category = stack.manage(
        # A topic without questions of its own (TopicField): the POSTs carry no answers.
        "shell",
        "-c",
        "from core.models import Topic; print(Topic.objects.filter(request_fields=None)[0].pk)",
    ).splitlines()[-1]
    env = {
        "BENCH_CSRF_COOKIE": cookie,
        "BENCH_CSRF_TOKEN": token,
        "BENCH_CATEGORY": category,
        "PATH": "/usr/bin:/bin",
    }
    # Warm both workers (imports, connections) before measuring.
    wrk(web.url, seconds=3, connections=CONNECTIONS, script=HERE / "tickets_create.lua", env=env)
    with CpuMeter(stack) as meter:
        created = wrk(
            web.url,
            seconds=seconds,
            connections=CONNECTIONS,
            script=HERE / "tickets_create.lua",
            env=env,
        )
    baseline = wrk(
        f"{web.url}/en/requests/new/",
        seconds=seconds,
        connections=CONNECTIONS,
        script=HERE / "tickets_get.lua",
        env=env,
    )
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tickets_notification WHERE kind = 'created'")
        outbox = cursor.fetchone()[0]
    created["per_second"] = created["requests"] / created["seconds"]
    baseline["per_second"] = baseline["requests"] / baseline["seconds"]
    return {
        "create": created,
        "baseline_get_form": baseline,
        "outbox_rows": outbox,
        "cpu_table": meter.table(per=created["requests"]),
    }


SEED_SQL = """
INSERT INTO tickets_ticket (
    created_at, updated_at, reference, status, priority, category_id, assignee_id,
    customer_email, customer_name, language, subject, transaction_number, error_message,
    source, portal_key, first_response_due_at, first_response_warn_at, sla_next_check_at
)
SELECT
    now() - interval '20 hours', now(), 'BENCH-' || g,
    CASE WHEN g %% 2 = 0 THEN 'new' ELSE 'open' END, 'normal', %(category)s,
    (%(agents)s::bigint[])[1 + g %% %(agent_count)s],
    'bench' || g || '@example.com', 'Bench Customer', 'en', 'Bench ticket ' || g, '', '',
    'web', md5(g::text),
    -- The first --due tickets reached 75 %% a minute ago; the rest reach it later, spread
    -- over the next 24 hours.
    CASE WHEN g <= %(due)s THEN now() + interval '6 hours'
         ELSE now() + (interval '1 second' * (g %% 86400)) + interval '6 hours 1 minute' END,
    CASE WHEN g <= %(due)s THEN now() - interval '1 minute'
         ELSE now() + (interval '1 second' * (g %% 86400)) + interval '1 minute' END,
    CASE WHEN g <= %(due)s THEN now() - interval '1 minute'
         ELSE now() + (interval '1 second' * (g %% 86400)) + interval '1 minute' END
FROM generate_series(1, %(count)s) AS g
"""

SWEEP_SCRIPT = """
import json, time
from django.db import connection
from tickets import sla
plan_sql = ("EXPLAIN SELECT id FROM tickets_ticket WHERE sla_next_check_at <= now() "
            "AND id > 0 ORDER BY id LIMIT 2000")
with connection.cursor() as cursor:
    cursor.execute(plan_sql)
    plan = [row[0] for row in cursor.fetchall()]
started = time.perf_counter()
first = sla.sweep()
first_s = time.perf_counter() - started
started = time.perf_counter()
idle = sla.sweep()
idle_s = time.perf_counter() - started
print("BENCH_RESULT " + json.dumps({
    "due_sweep_s": first_s, "notifications": len(first),
    "idle_sweep_s": idle_s, "idle_notifications": len(idle), "plan": plan,
}))
"""


def bench_sweep(stack: Stack, *, count: int, due: int) -> dict:
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT u.id FROM auth_user u JOIN auth_user_groups ug ON ug.user_id = u.id "
            "JOIN auth_group g ON g.id = ug.group_id WHERE g.name = 'agent' ORDER BY u.id"
        )
        agents = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM core_topic ORDER BY id LIMIT 1")
        category = cursor.fetchone()[0]
        started = time.perf_counter()
        cursor.execute(
            SEED_SQL,
            {
                "category": category,
                "agents": agents,
                "agent_count": len(agents),
                "due": due,
                "count": count,
            },
        )
        conn.commit()
        seeded_s = time.perf_counter() - started
    conn = psycopg2.connect(stack.postgres.url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tickets_ticket")
        cursor.execute("SELECT count(*) FROM tickets_ticket WHERE status IN ('new', 'open')")
        open_tickets = cursor.fetchone()[0]
    conn.close()
    out = stack.manage("shell", "-c", SWEEP_SCRIPT)
    result = json.loads(RESULT.search(out).group(1))
    result.update({"open_tickets": open_tickets, "due": due, "seed_s": seeded_s})
    return result


def report_create(create: dict, seconds: int) -> bool:
    c, b = create["create"], create["baseline_get_form"]
    print(
        f"  create (POST form, CSRF, 20 connections, {seconds}s): "
        f"{c['per_second']:.0f} tickets/s, p50 {c['p50_ms']:.1f} ms, p99 {c['p99_ms']:.1f} ms, "
        f"non-302 {c['non_302']}, confirmation rows in outbox {create['outbox_rows']}"
    )
    print(
        f"  baseline (GET the same form page): {b['per_second']:.0f} req/s, "
        f"p99 {b['p99_ms']:.1f} ms; creation/baseline = {c['per_second'] / b['per_second']:.2f}"
    )
    print("  CPU during the creation phase, per process:\n" + create["cpu_table"])
    return c["per_second"] >= 300 and c["p99_ms"] < 100


def report_sweep(sweep: dict) -> bool:
    print(
        f"  SLA sweep over {sweep['open_tickets']:,} open tickets ({sweep['due']} due, "
        f"seeded in {sweep['seed_s']:.1f}s): {sweep['due_sweep_s']:.3f}s for "
        f"{sweep['notifications']} notifications; idle sweep {sweep['idle_sweep_s'] * 1000:.1f} ms"
    )
    print("  plan: " + " | ".join(line.strip() for line in sweep["plan"]))
    return sweep["due_sweep_s"] < 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of each load phase")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1000, help="tickets with a reminder due")
    parser.add_argument("--part", choices=["all", "create", "sweep"], default="all")
    parser.add_argument(
        "--celery", action="store_true", help="run a Celery worker (e-mails sent meanwhile)"
    )
    args = parser.parse_args()
    stack = Stack()
    create = sweep = None
    with stack:
        stack.manage("seed_demo", "--allow-production")
        if args.part in ("all", "create"):
            create = bench_create(stack, args.seconds, celery=args.celery)
            for server in stack.servers:
                server.stop()
        if args.part in ("all", "sweep"):
            sweep = bench_sweep(stack, count=args.tickets, due=args.due)
    print(f"\nTickets benchmark (2 cores, PostgreSQL, Redis, {stack.web_layout})")
    met = []
    if create:
        met.append(report_create(create, args.seconds))
    if sweep:
        met.append(report_sweep(sweep))
    print(f"  targets (>=300/s, p99 <100 ms, sweep <2 s): {'met' if all(met) else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
