"""Reports and the live floor over a large event log (issue 15).

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.reports_bench
    .venv/bin/python -m bench.reports_bench --tickets 2000 --chats 2000 --rounds 5   # a quick check

On the production-like stack (bench.stack: throwaway PostgreSQL and Redis, production
settings) with the demo content, the event log is seeded with raw bulk SQL (one INSERT …
SELECT generate_series per kind, then ANALYZE): ``--tickets`` requests with six rows each
(created, first response, reply, assignment, solve, and a rating for half) and ``--chats``
chats with four or five (created, queued, accepted, closed, a rating for half), spread over
the last 90 days in 8 topics, 3 channels, 2 languages and 50 agents. The defaults give
1,000,000 rows over 100,000 requests and 100,000 chats.

The daily rollup of volume and backlog is then built (``manage.py insights_rollup``, what the
beat task does every 10 minutes). Then, in one Django process on that database, each report
table for the last 30 days (insights.reports: every metric per day and in total, the per-agent
table, the breakdowns, deflection, searches, comments) and the live floor
(insights.floor.floor_now) are computed ``--rounds`` times; printed: p50 and p99 per table,
and the whole report page's tables together.

Targets (issue 15): every 30-day report p99 < 300 ms; the live floor p99 < 100 ms.
"""

import argparse
import json
import sys
import time

import psycopg2

from bench.stack import Stack

AGENTS = 50
DAYS = 90

# Each request ``g`` starts at ``t0(g)``; its rows follow at fixed offsets.
T0 = (
    f"now() - make_interval(days => (g %% {DAYS})::int,"
    " secs => ((g * 7919) %% 86400)::double precision)"
)
COMMON = (
    "'', {ids}, 1 + g %% 8, (ARRAY['web','email','chat'])[1 + g %% 3], "
    "CASE WHEN g %% 3 = 0 THEN 'en' ELSE 'zh-hans' END, ''"
)

TICKET_ROWS = [
    ("created", "0", "jsonb_build_object('priority', 'normal', 'backlog', 1)"),
    (
        "first_public_response",
        "60 + (g * 13) %% 7200",
        "jsonb_build_object('agent', 1 + g %% 50, 'priority', (ARRAY['normal','high','urgent'])"
        "[1 + g %% 3], 'within', g %% 10 <> 0, 'seconds', 60 + (g * 13) %% 7200,"
        " 'business_seconds', 60 + (g * 13) %% 7200)",
    ),
    ("replied", "90 + (g * 13) %% 7200", "jsonb_build_object('author', 'customer')"),
    ("assigned", "100 + (g * 13) %% 7200", "jsonb_build_object('agent', 1 + g %% 50)"),
    (
        "solved",
        "3600 + (g * 31) %% 172800",
        "jsonb_build_object('agent', 1 + g %% 50, 'priority', 'normal', 'within', g %% 7 <> 0,"
        " 'backlog', -1, 'seconds', 3600 + (g * 31) %% 172800,"
        " 'business_seconds', 3600 + (g * 31) %% 172800)",
    ),
]
CHAT_ROWS = [
    ("created", "0", "'{}'::jsonb"),
    ("queued", "0", "'{}'::jsonb"),
    (
        "accepted",
        "5 + g %% 300",
        "jsonb_build_object('agent', 1 + g %% 50, 'wait_seconds', 5 + g %% 300, 'first', true)",
    ),
    (
        "closed",
        "305 + (g * 17) %% 1800",
        "jsonb_build_object('agent', 1 + g %% 50, 'by', 'customer',"
        " 'handle_seconds', (g * 17) %% 1800)",
    ),
]
RATED = "jsonb_build_object('score', 1 + (g * 3) %% 5, 'agent', 1 + g %% 50)"

INSERT = """
INSERT INTO insights_event (kind, at, visitor, {id_column}, topic_id, channel, language, query,
                            data)
SELECT %(kind)s, {t0} + make_interval(secs => ({offset})::double precision),
       {common}, {data}
FROM generate_series(1, %(count)s) AS g
WHERE {where}
"""


def _statement(id_column: str, first_id: int, offset: str, data: str, where: str) -> str:
    ids = f"{first_id} + g"
    common = COMMON.format(ids=ids)
    return INSERT.format(
        id_column=id_column, t0=T0, offset=offset, common=common, data=data, where=where
    )


def seed(stack: Stack, tickets: int, chats: int) -> int:
    """Raw bulk INSERTs (no Django, no signals): returns the number of rows."""
    statements = []
    for kind, offset, data in TICKET_ROWS:
        statements.append((_statement("ticket_id", 0, offset, data, "true"), kind, tickets))
    statements.append(
        (
            _statement("ticket_id", 0, "7200 + (g * 31) %% 172800", RATED, "g %% 2 = 0"),
            "rated",
            tickets,
        )
    )
    for kind, offset, data in CHAT_ROWS:
        statements.append((_statement("conversation_id", 0, offset, data, "true"), kind, chats))
    statements.append(
        (_statement("conversation_id", 0, "2200 + g %% 600", RATED, "g %% 2 = 0"), "rated", chats)
    )
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        for sql, kind, count in statements:
            cursor.execute(sql, {"kind": kind, "count": count})
        cursor.execute("SELECT count(*) FROM insights_event")
        total = cursor.fetchone()[0]
    conn.close()
    analyze = psycopg2.connect(stack.postgres.url)
    analyze.autocommit = True
    with analyze.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE insights_event")
    analyze.close()
    return total


MEASURE = """
import json, time
from django.utils import timezone
from django.utils.translation import activate
from insights import reports
from insights.floor import floor_now
from insights.forms import default_range
from insights.metrics import Scope
import datetime as dt
activate("en")
rounds = %(rounds)d
span = default_range()
scope = Scope(first=dt.date.fromisoformat(span["start"]), last=dt.date.fromisoformat(span["end"]))
builders = {
    "volume+backlog": lambda: reports.volume_table(scope),
    "first-response": lambda: reports._duration_table("f", "f", scope,
        reports.metrics.first_response_time(scope), ""),
    "resolution": lambda: reports._duration_table("r", "r", scope,
        reports.metrics.resolution_time(scope), ""),
    "sla": lambda: reports.sla_table(scope),
    "sla-priority": lambda: reports.sla_by_priority_table(scope),
    "chat": lambda: reports.chat_table(scope),
    "csat": lambda: reports.csat_table(scope),
    "agents": lambda: reports.agents_table(scope),
    "deflection": lambda: reports.deflection_table(scope),
    "searches": lambda: reports.searches_table(scope),
    "articles": lambda: reports.articles_table(scope, "en"),
    "comments": lambda: reports.comments_table(scope),
    "whole report": lambda: reports.report_build(scope, language="en", team_wide=True),
    "live floor": floor_now,
}
samples = {name: [] for name in builders}
for name, build in builders.items():
    build()  # warm
    for _ in range(rounds):
        started = time.perf_counter()
        build()
        samples[name].append((time.perf_counter() - started) * 1000)
print("BENCH_REPORTS " + json.dumps(samples))
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with Stack() as stack:
        stack.manage("seed_demo", "--allow-production")
        log("seeding…")
        started = time.perf_counter()
        rows = seed(stack, args.tickets, args.chats)
        log(f"seeded {rows:,} rows in {time.perf_counter() - started:.1f} s")
        # What the beat task does every 10 minutes: roll up the days that ended.
        started = time.perf_counter()
        stack.manage("insights_rollup")
        log(f"rolled up in {time.perf_counter() - started:.1f} s")
        out = stack.manage("shell", "-c", MEASURE % {"rounds": args.rounds})
    samples = json.loads(out.split("BENCH_REPORTS ", 1)[1].splitlines()[0])
    print(
        f"\nReports over {rows:,} events ({args.tickets:,} requests, {args.chats:,} chats; "
        f"PostgreSQL, 30-day range, {args.rounds} rounds each)"
    )
    failed = False
    for name, values in samples.items():
        p99 = percentile(values, 0.99)
        target = 100 if name == "live floor" else 300
        ok = p99 < target or name == "whole report"
        failed |= not ok
        print(
            f"  {name:<16} p50 {percentile(values, 0.5):7.1f} ms  p99 {p99:7.1f} ms"
            f"  (target {'—' if name == 'whole report' else f'< {target} ms'})"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
