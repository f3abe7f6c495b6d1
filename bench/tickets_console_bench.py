"""Console queue latency over a large ticket table (PostgreSQL, production settings).

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.tickets_console_bench

Seeds ``--tickets`` tickets with one ``INSERT … SELECT generate_series`` (a realistic mix:
one every 2 s, the newest tenth open, a quarter unassigned, some at risk or breached, the
older ones solved or closed), starts granian (2 WSGI workers), signs an agent in and times
each console page sequentially (``--rounds`` requests each, after one warm-up): every tab, a
filter, and each kind of search. Baseline in the same run: the console home page (session,
role check, template). Nothing to install.
"""

import argparse
import re
import statistics
import sys
import time

import httpx
import psycopg2

from bench.stack import Stack

SEED_SQL = """
INSERT INTO tickets_ticket (
    created_at, updated_at, reference, status, priority, category_id, assignee_id,
    customer_email, customer_name, language, subject, transaction_number, error_message,
    source, portal_key, first_response_due_at, first_response_warn_at, first_response_at,
    sla_next_check_at, sla_due_at, last_message_at, last_message_preview
)
SELECT
    -- One ticket every 2 s, oldest first, so the open ones (the newest tenth) are recent.
    now() - (interval '2 seconds' * (%(count)s - g)), now(), 'HC-2025-' || lpad(g::text, 7, '0'),
    CASE WHEN g <= %(count)s * 0.9 THEN (ARRAY['solved', 'closed'])[1 + g %% 2]
         ELSE (ARRAY['new', 'open', 'pending_customer'])[1 + g %% 3] END,
    (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[1 + g %% 5],
    (%(categories)s::bigint[])[1 + g %% %(category_count)s],
    CASE WHEN g %% 4 = 0 THEN NULL ELSE (%(agents)s::bigint[])[1 + g %% %(agent_count)s] END,
    'customer' || (g %% 200000) || '@example.com', 'Customer ' || g, 'en',
    'Bench ticket ' || g || ' about a payment', 'TXN-' || g, '', 'web', md5(g::text),
    -- First-response targets spread from 24 h ago to 24 h ahead: some breached, some at risk.
    now() + (interval '1 minute' * ((g %% 2880) - 1440)),
    now() + (interval '1 minute' * ((g %% 2880) - 1800)),
    CASE WHEN g %% 3 = 0 THEN now() ELSE NULL END,
    NULL,
    -- The inbox's next target: the first response's, while it is pending on a running ticket.
    CASE WHEN g > %(count)s * 0.9 AND (1 + g %% 3) < 3 AND g %% 3 <> 0
         THEN now() + (interval '1 minute' * ((g %% 2880) - 1440)) END,
    now() - (interval '2 seconds' * (%(count)s - g)),
    'My payment ' || g || ' failed at checkout although my balance is enough.'
FROM generate_series(1, %(count)s) AS g
"""


def seed(stack: Stack, count: int) -> float:
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT u.id FROM auth_user u JOIN auth_user_groups ug ON ug.user_id = u.id "
            "JOIN auth_group g ON g.id = ug.group_id WHERE g.name = 'agent' ORDER BY u.id"
        )
        agents = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT array_agg(id ORDER BY id) FROM core_topic")
        categories = cursor.fetchone()[0]
        started = time.perf_counter()
        cursor.execute(
            SEED_SQL,
            {
                "agents": agents,
                "agent_count": len(agents),
                "categories": categories,
                "category_count": len(categories),
                "count": count,
            },
        )
        conn.commit()
        seconds = time.perf_counter() - started
    conn.close()
    # VACUUM cannot run in the transaction the ``with conn`` block opens.
    vacuum = psycopg2.connect(stack.postgres.url)
    vacuum.autocommit = True
    with vacuum.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tickets_ticket")
    vacuum.close()
    return seconds


def login(base: str) -> httpx.Client:
    """An agent's session. Production cookies are ``Secure`` and the stack speaks plain HTTP
    on loopback, so the client says it came through a TLS proxy and carries cookies itself."""
    secure_base = base.replace("http://", "https://")
    client = httpx.Client(base_url=base, timeout=30, headers={"X-Forwarded-Proto": "https"})
    page = client.get("/en/account/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    csrf = page.cookies["csrftoken"]
    response = client.post(
        "/en/account/login/",
        data={"username": "agent1", "password": "demo-pass-2026", "csrfmiddlewaretoken": token},
        headers={"Referer": secure_base + "/en/account/login/", "Cookie": f"csrftoken={csrf}"},
    )
    assert response.status_code == 302, response.status_code
    client.headers["Cookie"] = f"sessionid={response.cookies['sessionid']}"
    return client


def timed(client: httpx.Client, path: str, rounds: int) -> dict:
    client.get(path)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    return {
        "p50": statistics.median(samples),
        "p95": samples[max(0, int(len(samples) * 0.95) - 1)],
    }


def pages(count: int) -> list[tuple[str, str]]:
    """The console URLs to time; the searched values exist in a table of ``count`` rows."""
    middle = count // 2
    base = "/en/console/tickets/"
    return [
        ("tab: unassigned", f"{base}?tab=unassigned"),
        ("tab: mine", f"{base}?tab=mine"),
        ("tab: all open", f"{base}?tab=open"),
        ("tab: SLA at risk", f"{base}?tab=at_risk"),
        ("tab: breached", f"{base}?tab=breached"),
        ("all open, page 50", f"{base}?tab=open&page=50"),
        ("filter: urgent", f"{base}?tab=open&priority=urgent"),
        ("search: reference", f"{base}?q=HC-2025-{middle:07d}"),
        ("search: e-mail", f"{base}?q=customer{middle % 200000}@example.com"),
        ("search: transaction", f"{base}?q=TXN-{count // 3}"),
        ("search: text", f"{base}?q=refund%20batch"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    stack = Stack()
    with stack:
        stack.manage("seed_demo", "--allow-production")
        seed_s = seed(stack, args.tickets)
        web = stack.web(workers=2)
        client = login(web.url)
        baseline = timed(client, "/en/console/", args.rounds)
        reference = f"HC-2025-{args.tickets // 2:07d}"
        ticket_page = timed(client, f"/en/console/tickets/{reference}/", args.rounds)
        results = [(name, timed(client, path, args.rounds)) for name, path in pages(args.tickets)]
    print(
        f"\nConsole queues over {args.tickets:,} tickets (seeded in {seed_s:.0f}s; 2 cores, "
        f"PostgreSQL, granian, 2 workers, sequential, {args.rounds} requests each)"
    )
    print(f"  baseline (console home page): p50 {baseline['p50']:.1f} ms")
    print(f"  ticket page: p50 {ticket_page['p50']:.1f} ms, p95 {ticket_page['p95']:.1f} ms")
    for name, r in results:
        print(
            f"  {name:<20} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  "
            f"({r['p50'] / baseline['p50']:.0f}x baseline)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
