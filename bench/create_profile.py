"""In-process profile of creating a request, through the request form's view and through the
API's view (``POST /api/v1/tickets`` as a ``tickets:customer`` key acting for a wallet user,
with an ``Idempotency-Key``), on PostgreSQL + Redis, with nobody online and with an agent online
who is at capacity (the new auto-assignment's two cases that assign nothing).

    .venv/bin/python -m bench.create_profile [--requests 300] [--top 25] [--no-cprofile]

Prints, per path and case, CPU milliseconds per request (``time.process_time`` of this one
process: robust on a shared machine, unlike a throughput figure) and the SQL statements per
request by kind; with cProfile, the functions that cost most. ``--no-cprofile`` gives the CPU
without the profiler's own cost (the figure to compare before and after a change).
"""

import argparse
import sys

from bench.stack import Stack

RUN = """
import collections, cProfile, io, json, pstats, re, time
from urllib.parse import urlencode
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.roles import agent_accounts
from accounts.services import wallet_customer_sign_in
from api.services import api_key_create
from chat.models import AgentPresence
from core.db import sql_run
from core.models import Topic
from tickets.models import Ticket

topic = Topic.objects.filter(request_fields=None, is_active=True).order_by("pk").first()
wallet_customer_sign_in(wallet_user_id="profile-user", email="profile@example.com",
                        name="Profile Customer", language="en")
key = api_key_create(name="profile", scopes=["tickets:customer"]).plain
agent = agent_accounts().order_by("pk").first()
client = Client(HTTP_HOST="127.0.0.1")
counter = [0]
FORM = "application/x-www-form-urlencoded"  # as wrk posts it (bench/tickets_create.lua)

def form_post():
    client.cookies.clear()  # like wrk: no session, no messages cookie piling up
    counter[0] += 1
    n = counter[0]
    response = client.post("/en/requests/new/", content_type=FORM, data=urlencode({{
        "category": topic.pk, "subject": f"Payment failed at checkout {{n}}",
        "description": "The payment failed with error E1001 although my balance is enough.",
        "transaction_number": f"TXN-2026-{{n}}", "error_message": "E1001",
        "name": "Bench Customer", "email": f"bench-{{n}}@example.com", "website": "",
    }}))
    assert response.status_code == 302, (response.status_code, response.content[:500])

def api_post():
    client.cookies.clear()
    counter[0] += 1
    n = counter[0]
    body = json.dumps({{"topic": topic.pk, "subject": f"Payment failed at checkout {{n}}",
        "description": "The payment failed with error E1001 although my balance is enough.",
        "transaction_number": f"TXN-2026-{{n}}", "error_message": "E1001"}})
    response = client.post("/api/v1/tickets", body, content_type="application/json",
        headers={{"Authorization": f"Bearer {{key}}", "X-Wallet-User-Id": "profile-user",
                 "Idempotency-Key": f"profile-{{n}}"}})
    assert response.status_code == 201, (response.status_code, response.content[:500])

def nobody_online():
    AgentPresence.objects.update(status=AgentPresence.Status.OFFLINE)

def agent_online_at_capacity():
    AgentPresence.objects.update_or_create(user=agent, defaults={{"status": "online"}})
    missing = settings.TICKETS_AGENT_CAPACITY - Ticket.objects.filter(
        assignee=agent, status__in=Ticket.OPEN_STATUSES).count()
    for ticket in Ticket.objects.filter(assignee=None, status="new")[:max(missing, 0)]:
        Ticket.objects.filter(pk=ticket.pk).update(assignee=agent, status="open")

exec({setup!r})  # --setup: e.g. switch a step off to measure what it costs
results = {{}}
AB = {ab!r}
if AB:
    # Alternating batches in this one process (best and median of each variant): on a loaded
    # machine one variant's figure moves by a third between runs, so compare them side by side.
    post = form_post if "form" in {paths} else api_post
    nobody_online()
    for _ in range(20):
        post()
    cpu_of = {{name: [] for name in AB}}
    for _round in range({rounds}):
        for name, code in AB.items():
            exec(code)
            for _ in range(5):
                post()
            start = time.process_time()
            for _ in range({requests}):
                post()
            cpu_of[name].append(1000 * (time.process_time() - start) / {requests})
    for name, values in cpu_of.items():
        values.sort()
        print(f"AB {{name}}: best {{values[0]:.2f}} ms, median {{values[len(values) // 2]:.2f}} ms "
              f"CPU per request ({{len(values)}} batches of {requests})")
for case, arrange in (("nobody online", nobody_online),
                      ("agent online at capacity", agent_online_at_capacity)
                      )[:0 if AB else {cases}]:
    for path, post in (("form", form_post), ("api", api_post)):
        if path not in {paths}:
            continue
        arrange()
        for _ in range(20):  # warm up: imports, memos, connections
            post()
        profile = cProfile.Profile(time.process_time) if {cprofile} else None
        with CaptureQueriesContext(connection) as queries:
            cpu, wall = time.process_time(), time.perf_counter()
            if profile:
                profile.enable()
            for _ in range({requests}):
                post()
            if profile:
                profile.disable()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"=== {{path}}, {{case}}")
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("{sort}").print_stats({top})
            if {dump!r}:
                profile.dump_stats({dump!r} + "-" + path + "-" + case.replace(" ", "-") + ".prof")
            print(out.getvalue())
        kinds = collections.Counter(
            re.sub(r"'[^']*'|\\b\\d+\\b", "?", sql)[:110]
            for sql in sql_run(connection, queries.captured_queries))
        for sql, count in kinds.most_common(12):
            print(f"{{count / {requests}:6.2f}}  {{sql}}")
        results[f"{{path}}, {{case}}"] = {{
            "cpu_ms": round(1000 * cpu / {requests}, 2),
            "wall_ms": round(1000 * wall / {requests}, 2),
            "statements": round(len(queries) / {requests}, 2),
        }}
print("PROFILE_RESULT " + json.dumps({{"cprofile": {cprofile}, **results}}, indent=1))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--no-cprofile", action="store_true", help="CPU without the profiler")
    parser.add_argument("--dump", default="", help="write the cProfile data to PREFIX-*.prof")
    parser.add_argument("--setup", default="", help="Python run before measuring (experiments)")
    parser.add_argument(
        "--ab",
        nargs=2,
        metavar=("SETUP_A", "SETUP_B"),
        help="compare two variants (Python run before each batch) in alternating batches",
    )
    parser.add_argument("--rounds", type=int, default=8, help="batches per variant (--ab)")
    parser.add_argument("--only", choices=["form", "api"], help="profile one path")
    parser.add_argument(
        "--nobody-online", action="store_true", help="only the case with nobody online"
    )
    args = parser.parse_args()
    code = RUN.format(
        requests=args.requests,
        top=args.top,
        sort=args.sort,
        cprofile=not args.no_cprofile,
        paths=repr((args.only,) if args.only else ("form", "api")),
        cases=1 if args.nobody_online else 2,
        dump=args.dump,
        setup=args.setup,
        ab={"A": args.ab[0], "B": args.ab[1]} if args.ab else {},
        rounds=args.rounds,
    )
    with Stack() as stack:
        stack.manage("seed_demo", "--allow-production")
        stack.env.update(
            {
                "API_RATE_PER_KEY": "100000000/m",
                "API_RATE_PER_CUSTOMER": "100000000/m",
                "TICKETS_RATE_CREATE_IP": "100000000/m",
                "TICKETS_RATE_CREATE_EMAIL": "100000000/m",
            }
        )
        print(stack.manage("shell", "-c", code))
    return 0


if __name__ == "__main__":
    sys.exit(main())
