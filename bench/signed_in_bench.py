"""Signed-in pages against the bare template view, in the same run on the same server.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.signed_in_bench

On the production-like stack (bench.stack: throwaway PostgreSQL and Redis, production
settings, granian with 2 WSGI workers) with the demo content, one granian serves
bench.faq_bare's ``product_application``: the product's settings, middleware, URLs and WSGI
layers (helpcenter.wsgi_chain, as helpcenter.wsgi serves them) plus the bare view, so every
page below is measured on the same server as production runs it. wrk (16 connections, two
interleaved rounds) asks for:

- the bare template view (the baseline);
- an article as a signed-in customer (session cookie and CSRF cookie, as a browser sends);
- the same article for a visitor who is not signed in but has a session (a chat or a request
  in progress), so the shared anonymous copy is bypassed;
- the request form, anonymous (with a CSRF cookie) and signed in;
- the agents' console home and ticket list, as an agent.

For each page it prints requests/s, p50/p99, the ratio to the bare view of the same round, and
the server's CPU per request (user + system time of granian's processes over the phase,
divided by the requests served; granian runs in a process group of its own, so wrk, PostgreSQL
and Redis are not counted).
"""

import argparse
import json
import os
import secrets
import string
import sys
from pathlib import Path

from bench.faq_bench import PostgresWithDatabase, wrk
from bench.stack import Stack

SESSIONS_SCRIPT = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
User = get_user_model()
customer, _ = User.objects.get_or_create(
    username="bench-customer",
    defaults={"email": "bench@wallet.example", "first_name": "Wei", "last_name": "Li"},
)
agent = User.objects.get(username="agent1")
store = import_module(settings.SESSION_ENGINE).SessionStore
keys = []
for user in (customer, agent):
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    keys.append(session.session_key)
# A visitor who is not signed in but has a session (a chat or a request in progress).
anonymous = store()
anonymous["chat_conversations"] = [1]
anonymous.save()
keys.append(anonymous.session_key)
from faq.models import Article
article = Article.objects.filter(status="published").order_by("pk").first()
print(*keys, article.slug)
"""


def server_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds of every process in the server's process group."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5 of stat: the process group
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    stack = Stack()
    stack.postgres = PostgresWithDatabase()
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    rounds: list[dict] = []
    with stack:
        stack.manage("seed_demo", "--allow-production")
        customer, agent, visitor, slug = stack.manage("shell", "-c", SESSIONS_SCRIPT).split()[-4:]
        article = f"/zh-hans/articles/{slug}/"

        def cookies(session: str | None) -> dict[str, str]:
            jar = f"csrftoken={csrf}" + (f"; sessionid={session}" if session else "")
            return {"Cookie": jar}

        pages = [
            ("bare", "/bench/bare/", cookies(None)),
            ("article_signed_in", article, cookies(customer)),
            ("article_session_cookie", article, cookies(visitor)),
            ("form_anonymous", "/zh-hans/requests/new/", cookies(None)),
            ("form_signed_in", "/zh-hans/requests/new/", cookies(customer)),
            ("console_home_agent", "/zh-hans/console/", cookies(agent)),
            ("ticket_list_agent", "/zh-hans/console/tickets/", cookies(agent)),
        ]
        server = stack.web(workers=2, app="bench.faq_bare:product_application")
        for _, path, headers in pages:  # warm-up: templates compiled, copies made
            wrk(server.url, [path], seconds=2, connections=4, headers=headers)
        for number in range(args.rounds):
            figures: dict[str, dict] = {}
            for name, path, headers in pages:
                before = server_cpu_seconds(server.process.pid)
                result = wrk(
                    server.url,
                    [path],
                    seconds=args.seconds,
                    connections=args.connections,
                    headers=headers,
                )
                cpu = server_cpu_seconds(server.process.pid) - before
                result["server_cpu_ms"] = round(cpu * 1000 / max(result["requests"], 1), 3)
                figures[name] = result
                print(
                    f"round {number + 1} {name:24} {result['per_second']:8.0f} req/s  "
                    f"p50 {result['p50_ms']:6.2f} ms  p99 {result['p99_ms']:6.2f} ms  "
                    f"CPU {result['server_cpu_ms']:.2f} ms/request  non-200 {result['non_200']}",
                    flush=True,
                )
            for result in figures.values():
                result["to_bare"] = round(result["per_second"] / figures["bare"]["per_second"], 3)
            rounds.append(figures)
    print()
    for name, _, _ in pages:
        ratios = ", ".join(f"{r[name]['to_bare']:.0%}" for r in rounds)
        cpu = ", ".join(f"{r[name]['server_cpu_ms']:.2f}" for r in rounds)
        p99 = ", ".join(f"{r[name]['p99_ms']:.1f}" for r in rounds)
        print(f"{name:24} of bare: {ratios:12}  p99 ms: {p99:12}  CPU ms/request: {cpu}")
    print("BENCH_RESULT " + json.dumps({"machine": "2 cores", "rounds": rounds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
