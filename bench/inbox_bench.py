"""The staff inbox over a large service: views and ticket pages under 20 agents browsing at
once, and how fast a committed change reaches 50 agents' sockets.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.inbox_bench

On the production-like stack (bench.stack: throwaway PostgreSQL and Redis, production
settings) with the demo content plus ``--tickets`` tickets (bench.tickets_console_bench's
seed: the newest tenth open, a quarter unassigned, some at risk or breached),
``--conversations`` conversations (mostly closed; a few hundred waiting or active, each with a
message) and 50 agents:

1. granian as production runs it (4 WSGI workers, one blocking thread each:
   ``bench.stack.PRODUCTION_WORKERS``, docs/performance.md "Serving layout") serves
   bench.inbox_app: production's WSGI application (``helpcenter.wsgi_chain.wrap``: access
   log, shared and signed-in copies, Django) plus bench.faq_bare's bare template view, inside
   bench.server_timing, which answers in two headers when the application began and how
   long it took (wall and CPU). 20 agents browse concurrently: each in turn asks for the bare
   view, every inbox view, the live fragment, a ticket page, and a ticket and a chat opened
   in the inbox (the pane fragment, and the ticket as a full page), pausing ``--think``
   seconds (randomly 0.5–1.5 times it) between pages as a person does; with no pause 20
   clients would measure the queue, not the page.

   The client must not be what is measured (docs/performance.md, "The inbox benchmark's
   client"): the agents are split over ``--client-processes`` processes (4: five agents per
   event loop), each agent on its own keep-alive connection of bench.lean_http (a fraction
   of a millisecond per request; ``--client httpx`` for comparison), every connection opened
   before the clock starts; each agent starts after a random part of a think time, at a
   random page of its round, so the 20 are spread over time as people are; the first
   ``--warmup`` seconds are not kept; then ``--seconds`` (600: about 800 requests a page,
   so the p99 is the 9th slowest, not the slowest).

   Printed per page: the client's p50/p99 (the figure the target is about), and beside it
   the server's own p50/p99 (the WSGI application, wall) and CPU p50, the p99 of the time
   before the application began (the request's way in and its wait in granian's queue for
   a free worker: queueing behind the other agents' pages is part of what an agent waits
   for) and the time after it returned (the body written and read: the client's share);
   then the clients' CPU per request and how late their event loops ran. The bare view,
   asked by the same agents, is the baseline.
2. daphne (the agent sockets) with 50 agents connected; one agent changes a ticket's priority
   from the console ``--changes`` times, 300 ms apart; for every change, the time from sending
   the request to each socket receiving its ``inbox`` frame. Printed: p50/p99 over all
   (change, socket) pairs, and how many frames were missed (must be 0).

Targets (issue 13): every view and opening a conversation p99 < 100 ms; change to every
socket p99 < 200 ms.
"""

import argparse
import asyncio
import gc
import json
import multiprocessing
import random
import re
import statistics
import sys
import time
from collections.abc import Callable

import httpx
import psycopg2
import websockets

from bench.lean_http import Answer, LeanClient
from bench.server_timing import Split, split
from bench.stack import PRODUCTION_WORKERS, Stack
from bench.tickets_console_bench import seed as seed_tickets

AGENTS = 50
BROWSING = 20
CLIENT_PROCESSES = 4
VIEWS = ("mine", "unassigned", "open", "pending", "at-risk", "breached", "solved", "chats")

CONVERSATIONS_SQL = """
INSERT INTO chat_conversation (
    created_at, updated_at, status, topic_id, customer_name, customer_email, language, page_url,
    agent_id, last_seq, customer_read_seq, agent_read_seq, queued_at, assigned_at, closed_at,
    rating_score, rating_comment, ticket_reference, customer_key, closed_by
)
SELECT
    now() - (interval '3 seconds' * (%(count)s - g)), now(),
    CASE WHEN g > %(count)s - %(waiting)s THEN 'waiting'
         WHEN g > %(count)s - %(waiting)s - %(active)s THEN 'active'
         ELSE 'closed' END,
    (%(topics)s::bigint[])[1 + g %% %(topic_count)s],
    'Chat customer ' || g, 'chat' || g || '@example.com', 'en', '',
    CASE WHEN g > %(count)s - %(waiting)s THEN NULL
         ELSE (%(agents)s::bigint[])[1 + g %% %(agent_count)s] END,
    1, 1, 0,
    now() - (interval '3 seconds' * (%(count)s - g)),
    CASE WHEN g > %(count)s - %(waiting)s THEN NULL
         ELSE now() - (interval '3 seconds' * (%(count)s - g)) END,
    CASE WHEN g > %(count)s - %(waiting)s - %(active)s THEN NULL
         ELSE now() - (interval '3 seconds' * (%(count)s - g)) + interval '5 minutes' END,
    CASE WHEN g %% 3 = 0 THEN 1 + g %% 5 END, '', '', md5(g::text),
    CASE WHEN g > %(count)s - %(waiting)s - %(active)s THEN '' ELSE 'customer' END
FROM generate_series(1, %(count)s) AS g
"""

MESSAGES_SQL = """
INSERT INTO chat_message (
    conversation_id, seq, client_id, sender_kind, sender_id, sender_name, body,
    has_attachments, created_at
)
SELECT id, 1, '', 'customer', NULL, customer_name,
       'My payment failed with error 51 at the supermarket.', false, queued_at
FROM chat_conversation c WHERE status <> 'closed'
  AND NOT EXISTS (SELECT 1 FROM chat_message m WHERE m.conversation_id = c.id)
"""

AGENTS_SCRIPT = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
group = Group.objects.get(name="agent")
cookies = []
for n in range(%(agents)d):
    user, _ = get_user_model().objects.get_or_create(
        username=f"bench-agent-{n}", defaults={"is_staff": True, "first_name": f"Agent {n}"}
    )
    user.groups.add(group)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
print("BENCH_AGENTS " + json.dumps(cookies))
"""

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def seed_conversations(stack: Stack, count: int, waiting: int, active: int) -> None:
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT u.id FROM auth_user u JOIN auth_user_groups ug ON ug.user_id = u.id "
            "JOIN auth_group g ON g.id = ug.group_id WHERE g.name = 'agent' ORDER BY u.id"
        )
        agents = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT array_agg(id ORDER BY id) FROM core_topic")
        topics = cursor.fetchone()[0]
        cursor.execute(
            CONVERSATIONS_SQL,
            {
                "count": count,
                "waiting": waiting,
                "active": active,
                "agents": agents,
                "agent_count": len(agents),
                "topics": topics,
                "topic_count": len(topics),
            },
        )
        cursor.execute(MESSAGES_SQL)
        conn.commit()
    conn.close()
    vacuum = psycopg2.connect(stack.postgres.url)
    vacuum.autocommit = True
    with vacuum.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE chat_conversation")
        cursor.execute("VACUUM ANALYZE chat_message")
    vacuum.close()


def open_ticket_reference(stack: Stack) -> str:
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT reference FROM tickets_ticket WHERE status = 'open' ORDER BY id DESC LIMIT 1"
        )
        reference = cursor.fetchone()[0]
    conn.close()
    return reference


def active_chat_id(stack: Stack) -> int:
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM chat_conversation WHERE status = 'active' ORDER BY id DESC LIMIT 1"
        )
        chat = cursor.fetchone()[0]
    conn.close()
    return chat


def inbox_pages(reference: str, chat: int) -> list[tuple[str, str]]:
    """Every page an agent asks for in turn: the bare view (the baseline), every inbox view, the
    live fragment, a ticket page, and a ticket and a chat opened in the inbox (the pane the page
    swaps in, and the ticket as a full page)."""
    pages = [("bare", "/bench/bare/")]
    pages += [(f"view {v}", f"/en/console/?view={v}") for v in VIEWS]
    pages += [("live fragment", "/en/console/inbox/rows/?view=open")]
    pages += [("ticket page", f"/en/console/tickets/{reference}/")]
    pages += [("ticket pane", f"/en/console/inbox/t/{reference}/pane/?view=open")]
    pages += [("ticket in inbox", f"/en/console/inbox/t/{reference}/?view=open")]
    pages += [("chat pane", f"/en/console/inbox/c/{chat}/pane/?view=open")]
    return pages


class _HttpxClient:
    """httpx behind the lean client's interface, to compare the two (``--client httpx``)."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        self.client = httpx.AsyncClient(base_url=base, timeout=30, headers=headers)

    async def get(self, path: str) -> Answer:
        response = await self.client.get(path)
        return Answer(response.status_code, response.headers, response.content)

    async def close(self) -> None:
        await self.client.aclose()


async def _open_client(kind: str, base: str, cookie: str) -> LeanClient | _HttpxClient:
    headers = {"X-Forwarded-Proto": "https", "Cookie": cookie}
    if kind == "httpx":
        return _HttpxClient(base, headers)
    return await LeanClient.connect(base, headers)


async def _browse_group(job: dict, ready: Callable[[], object]) -> dict:
    """Some of the agents, in this process's event loop. Their clients are built and
    connected first; then (once every process is ready) each agent starts after a random part
    of a think time, at a random page of the cycle, so that the agents are spread over time as
    people are, not 20 requests at the same instant. Only requests sent after the warm-up are
    kept."""
    rng = random.Random(job["seed"])
    pages = job["pages"]
    think = job["think"]
    clients = [await _open_client(job["client"], job["base"], c) for c in job["cookies"]]
    await asyncio.to_thread(ready)
    gc.freeze()  # what was built so far is never scanned again during the run
    measure_from = time.monotonic() + job["warmup"]
    stop_at = measure_from + job["seconds"]
    samples: list[tuple] = []
    lags: list[float] = []
    cpu: dict[str, float] = {}

    async def watch() -> None:
        """The event loop's lateness: how much later than asked a 50 ms sleep ends."""
        await asyncio.sleep(max(0.0, measure_from - time.monotonic()))
        cpu["from"] = time.process_time()
        while (now := time.monotonic()) < stop_at:
            await asyncio.sleep(0.05)
            lags.append((time.monotonic() - now - 0.05) * 1000)
        cpu["to"] = time.process_time()

    async def agent(client: LeanClient | _HttpxClient) -> None:
        position = rng.randrange(len(pages))
        await asyncio.sleep(rng.uniform(0, 1.5 * think))
        while time.monotonic() < stop_at:
            name, path = pages[position % len(pages)]
            position += 1
            sent = time.monotonic_ns()
            answer = await client.get(path)
            done = time.monotonic_ns()
            if sent >= measure_from * 1e9:
                parts = split(sent, done, answer.headers)
                samples.append((name, answer.status, parts))
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    await asyncio.gather(watch(), *(agent(c) for c in clients))
    for client in clients:
        await client.close()
    return {"samples": samples, "lags": lags, "cpu": cpu["to"] - cpu["from"]}


def _browse_process(job: dict, barrier, results) -> None:
    results.put(asyncio.run(_browse_group(job, barrier.wait)))


def browse(
    base: str,
    cookies: list[str],
    pages: list[tuple[str, str]],
    *,
    seconds: float,
    warmup: float,
    think: float,
    processes: int,
    client: str = "lean",
) -> dict:
    """``BROWSING`` agents split over ``processes`` client processes (each its own event
    loop), each asking for every page in turn, ``think`` seconds apart (0.5–1.5 times it),
    for ``warmup`` + ``seconds``; the samples of the last ``seconds``."""
    agents = cookies[:BROWSING]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    workers = []
    for n in range(processes):
        job = {
            "base": base,
            "cookies": agents[n::processes],
            "pages": pages,
            "think": think,
            "warmup": warmup,
            "seconds": seconds,
            "seed": n,
            "client": client,
        }
        worker = context.Process(target=_browse_process, args=(job, barrier, results))
        worker.start()
        workers.append(worker)
    # A client process that failed sends nothing: give up rather than wait for ever.
    groups = [results.get(timeout=warmup + seconds + 300) for _ in workers]
    for worker in workers:
        worker.join()
    samples: dict[str, list[Split]] = {name: [] for name, _ in pages}
    errors = 0
    for group in groups:
        for name, status, parts in group["samples"]:
            samples[name].append(parts)
            errors += status != 200
    return {
        "samples": samples,
        "errors": errors,
        "lags": [lag for group in groups for lag in group["lags"]],
        "client_cpu": sum(group["cpu"] for group in groups),
        "seconds": seconds,
    }


async def changes_to_sockets(
    web: str, sockets_url: str, cookies: list[str], reference: str, changes: int
) -> dict:
    """50 agent sockets; one agent changes a ticket ``changes`` times from the console."""
    connected = []
    for cookie in cookies:
        ws = await websockets.connect(
            f"{sockets_url}/ws/agent/",
            origin="http://127.0.0.1",  # one of the site's own origins in the stack
            additional_headers={"Cookie": cookie},
        )
        assert json.loads(await ws.recv())["type"] == "welcome"
        connected.append(ws)
    arrivals: list[list[float]] = [[] for _ in connected]

    async def listen(index: int, ws) -> None:
        try:
            async for text in ws:
                if json.loads(text)["type"] == "inbox":
                    arrivals[index].append(time.perf_counter())
        except websockets.ConnectionClosed:
            return

    listeners = [asyncio.create_task(listen(i, ws)) for i, ws in enumerate(connected)]
    page = f"/en/console/tickets/{reference}/"
    secure = web.replace("http://", "https://")
    async with httpx.AsyncClient(
        base_url=web, timeout=30, headers={"Cookie": cookies[0], "X-Forwarded-Proto": "https"}
    ) as client:
        answer = await client.get(page)
        token = TOKEN.search(answer.text).group(1)
        csrf = answer.cookies.get("csrftoken")
        client.headers["Cookie"] = f"{cookies[0]}; csrftoken={csrf}"
        sent: list[float] = []
        for n in range(changes):
            sent.append(time.perf_counter())
            response = await client.post(
                f"{page}priority/",
                data={"priority": "high" if n % 2 == 0 else "normal", "csrfmiddlewaretoken": token},
                headers={"Referer": secure + page},
            )
            assert response.status_code == 302, response.status_code
            await asyncio.sleep(0.3)
    await asyncio.sleep(2)
    for ws in connected:
        await ws.close()
    await asyncio.gather(*listeners, return_exceptions=True)
    latencies: list[float] = []
    missed = 0
    for times in arrivals:
        for started in sent:
            after = [t for t in times if t >= started]
            if after:
                latencies.append((min(after) - started) * 1000)
            else:
                missed += 1
    return {"latencies": latencies, "missed": missed}


def page_table(browsing: dict) -> list[str]:
    """One line per page: the client's p50/p99; beside them the server's own (the WSGI
    application's wall time) and its CPU; then the time before the application began (the
    request's way in and its wait in granian's queue for a free worker) and after it returned
    (the body written by granian and read by the client)."""
    lines = [
        f"  {'page':<16}{'client p50':>11}{'p99':>8}{'server p50':>12}{'p99':>8}{'CPU p50':>9}"
        f"{'before p99':>12}{'after p50':>11}{'p99':>7}  samples (p99: k-th slowest)"
    ]
    for name, parts in browsing["samples"].items():
        if not parts:
            continue
        total = [p.total for p in parts]
        app = [p.app for p in parts]
        after = [p.after for p in parts]
        rank = len(parts) - min(len(parts) - 1, int(len(parts) * 0.99))
        lines.append(
            f"  {name:<16}{statistics.median(total):8.1f} ms{percentile(total, 0.99):8.1f}"
            f"{statistics.median(app):9.1f} ms{percentile(app, 0.99):8.1f}"
            f"{statistics.median(p.cpu for p in parts):9.1f}"
            f"{percentile([p.before for p in parts], 0.99):12.1f}"
            f"{statistics.median(after):11.1f}{percentile(after, 0.99):7.1f}"
            f"  {len(parts)} (k = {rank})"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument(
        "--seconds", type=int, default=600, help="measured browsing (after --warmup)"
    )
    parser.add_argument("--warmup", type=int, default=15, help="browsing not measured first")
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between pages")
    parser.add_argument(
        "--client-processes", type=int, default=CLIENT_PROCESSES, help="the agents split over"
    )
    parser.add_argument("--client", choices=("lean", "httpx"), default="lean")
    args = parser.parse_args()
    stack = Stack()
    with stack:
        stack.manage("seed_demo", "--allow-production")
        log("seeding…")
        seed_tickets(stack, args.tickets)
        seed_conversations(stack, args.conversations, waiting=40, active=200)
        out = stack.manage("shell", "-c", AGENTS_SCRIPT % {"agents": AGENTS})
        cookies = json.loads(out.split("BENCH_AGENTS ", 1)[1].splitlines()[0])
        reference = open_ticket_reference(stack)
        chat = active_chat_id(stack)
        web = stack.web(workers=PRODUCTION_WORKERS, app="bench.inbox_app:application")
        sockets = stack.daphne()
        log(f"browsing for {args.warmup} + {args.seconds} s…")
        browsing = browse(
            web.url,
            cookies,
            inbox_pages(reference, chat),
            seconds=args.seconds,
            warmup=args.warmup,
            think=args.think,
            processes=args.client_processes,
            client=args.client,
        )
        log("sockets…")
        live = asyncio.run(
            changes_to_sockets(web.url, sockets.ws_url, cookies, reference, args.changes)
        )
    requests = sum(len(v) for v in browsing["samples"].values())
    print(
        f"\nStaff inbox over {args.tickets:,} tickets and {args.conversations:,} conversations "
        f"(2 cores, PostgreSQL + Redis, {stack.web_layout}; {BROWSING} agents browsing for "
        f"{args.seconds} s after {args.warmup} s of warm-up, {args.think} s between pages; "
        f"client: {args.client}, {args.client_processes} processes)"
    )
    print("\n".join(page_table(browsing)))
    lags = browsing["lags"]
    print(
        f"  non-200 answers: {browsing['errors']}; client CPU "
        f"{1000 * browsing['client_cpu'] / max(requests, 1):.2f} ms per request; client event "
        f"loops late by p99 {percentile(lags, 0.99):.1f} ms, at most {max(lags):.1f} ms"
    )
    lat = live["latencies"]
    print(
        f"  change → {AGENTS} sockets: p50 {statistics.median(lat):.1f} ms, "
        f"p99 {percentile(lat, 0.99):.1f} ms over {len(lat)} deliveries, missed {live['missed']}"
    )
    summary: dict[str, dict[str, float]] = {}
    for name, parts in browsing["samples"].items():
        total = [p.total for p in parts]
        app = [p.app for p in parts]
        summary[name] = {
            "p50": statistics.median(total),
            "p99": percentile(total, 0.99),
            "server_p50": statistics.median(app),
            "server_p99": percentile(app, 0.99),
            "samples": len(parts),
        }
    summary["sockets"] = {"p50": statistics.median(lat), "p99": percentile(lat, 0.99)}
    print("BENCH_RESULT " + json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
