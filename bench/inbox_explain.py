"""The staff inbox's queries at the benchmark's size, with PostgreSQL's plans.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.inbox_explain [--tickets N]

On the production-like stack (bench.stack) with the demo content, bench.inbox_bench's seeds
(``--tickets`` tickets, ``--conversations`` chats) and ``--events`` insights events (article
views by ``--visitors`` visitors, and a "request started" by one of them for each ticket, as
the request form records them), one process reads every inbox view, the counters and a ticket
and a chat pane as an agent does, and prints for each SQL statement its time and plan
(``EXPLAIN ANALYZE``), so a missing index shows as a sequential scan or a large sort.
"""

import argparse
import os
import subprocess
import sys

import psycopg2

from bench.stack import ROOT, Stack

EVENTS_SQL = """
INSERT INTO insights_event (kind, at, visitor, article_id, channel, language, query, data)
SELECT CASE WHEN g %% 5 = 0 THEN 'suggestion_shown' ELSE 'article_viewed' END,
       now() - make_interval(secs => g * 2), 'v' || (g %% %(visitors)s),
       (%(articles)s::bigint[])[1 + g %% %(article_count)s], 'web', 'en', '', '{}'::jsonb
FROM generate_series(1, %(count)s) AS g
"""

STARTS_SQL = """
INSERT INTO insights_event (kind, at, visitor, ticket_id, channel, language, query, data)
SELECT 'request_started', created_at, 'v' || (id %% %(visitors)s), id, 'web', 'en', '', '{}'
FROM tickets_ticket
"""


def seed_events(stack: Stack, count: int, visitors: int) -> None:
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT array_agg(id ORDER BY id) FROM faq_article")
        articles = cursor.fetchone()[0]
        cursor.execute(
            EVENTS_SQL,
            {
                "count": count,
                "visitors": visitors,
                "articles": articles,
                "article_count": len(articles),
            },
        )
        cursor.execute(STARTS_SQL, {"visitors": visitors})
        conn.commit()
    conn.close()
    vacuum = psycopg2.connect(stack.postgres.url)
    vacuum.autocommit = True
    with vacuum.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE insights_event")
    vacuum.close()


def child() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "helpcenter.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chat.models import Conversation
    from tickets.models import Ticket
    from workspace import panes, selectors

    agent = get_user_model().objects.get(username="agent1")
    ticket = Ticket.objects.filter(status=Ticket.Status.OPEN).order_by("-pk").first()
    chat = Conversation.objects.exclude(status=Conversation.Status.CLOSED).order_by("-pk").first()
    reads = {
        f"view {view.slug}": (lambda v=view: selectors.inbox_rows(user=agent, view=v))
        for view in selectors.VIEWS
    }
    reads["counters (fresh)"] = lambda: selectors.inbox_counts_fresh(user=agent)
    reads["ticket pane"] = lambda: panes.ticket_pane(user=agent, ticket=ticket)
    reads["chat pane"] = lambda: panes.chat_pane(user=agent, conversation=chat)
    for name, read in reads.items():
        read()  # warm the per-process memos, so only the page's own statements are shown
        with CaptureQueriesContext(connection) as captured:
            read()
        print(f"\n=== {name}: {len(captured.captured_queries)} statements", flush=True)
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            print(f"\n-- {sql[:300]}", flush=True)
            print("\n".join("   " + line for line in plan), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--visitors", type=int, default=50_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    from bench.inbox_bench import seed_conversations
    from bench.tickets_console_bench import seed as seed_tickets

    with Stack() as stack:
        stack.manage("seed_demo", "--allow-production")
        seed_tickets(stack, args.tickets)
        seed_conversations(stack, args.conversations, waiting=40, active=200)
        seed_events(stack, args.events, args.visitors)
        command = [sys.executable, "-m", "bench.inbox_explain", "--child"]
        subprocess.run(command, cwd=ROOT, env=stack.env, check=True)


if __name__ == "__main__":
    main()
