"""Where a signed-in render spends its time: CPU per request and a call-tree profile.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.profile_pages [--tree]

On the production-like stack (bench.stack: PostgreSQL, Redis, production settings) with the
demo content, one process drives the product's WSGI handler in-process with Django's test
client (full middleware stack, real sessions in Redis, real queries) and measures the process's
CPU time over a few hundred requests of each page, after a warm-up: the bare template view of
bench.faq_bare, a signed-in customer's article, an anonymous visitor with a session cookie on
the same article (the shared copy bypassed), the request form, the signed-in request form, and
an agent's console pages, and the staff inbox (every view, the live fragment, a ticket and a
chat opened in the pane, as a fragment and as a full page, and the ticket console's own page).
``--tickets`` and ``--conversations`` add that many tickets and chats first
(bench.inbox_bench's seeds), so the inbox's views hold full pages of rows. ``--tree`` also
prints pyinstrument's call tree for each page; ``--queries`` each statement a page runs with
its mean wall time (the database's share, which the CPU figure leaves out).
The figures include the test client's own work (building the request, reading the response),
the same for every page, which is why the bare view is printed beside them. ``--wsgi`` instead
calls the product's WSGI layers and application the way granian does (an environ with the
browser's cookies: the session's and the CSRF cookie a browser keeps after its first page; the
body read and closed), without the test client: the closest in-process figure to
``bench.signed_in_bench``'s server CPU.
"""

import argparse
import io
import json
import logging
import os
import subprocess
import sys
import time

from bench.stack import ROOT, Stack

ROUNDS = 400
WARMUP = 50


class WsgiClient:
    """Calls the WSGI application as granian does, with one browser's cookies."""

    def __init__(self, app, client) -> None:
        from django.conf import settings

        self.app = app
        cookies = {name: morsel.value for name, morsel in client.cookies.items()}
        # A browser keeps the CSRF cookie the first page set; without one, every request would
        # pay for a new secret (and a new cookie) that no browser pays for.
        cookies.setdefault(settings.CSRF_COOKIE_NAME, _csrf_secret())
        self.cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())

    def get(self, url: str):
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": self.cookie,
            "HTTP_ACCEPT": "text/html",
            "HTTP_USER_AGENT": "bench",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        answer = {}

        def start_response(status: str, headers: list, exc_info=None) -> None:
            answer["status_code"] = int(status.split(" ", 1)[0])

        body = self.app(environ, start_response)
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        return type("Response", (), answer)


def _csrf_secret() -> str:
    from django.middleware.csrf import _get_new_csrf_string

    return _get_new_csrf_string()


INBOX_VIEWS = ("mine", "unassigned", "open", "pending", "at-risk", "breached", "solved", "chats")


def _print_query_times(client, url: str, rounds: int) -> None:
    """Each statement of the page with its mean wall time (the database's share of a request,
    which the CPU figure leaves out), slowest first."""
    from django.db import connection

    times: dict[str, list[float]] = {}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times.setdefault(sql, []).append(time.perf_counter() - started)

    with connection.execute_wrapper(timed):
        for _ in range(rounds):
            client.get(url)
    rows = sorted(times.items(), key=lambda item: -sum(item[1]))
    total = sum(sum(spent) for _, spent in rows) * 1000 / rounds
    print(f"  {total:.2f} ms in {len(rows)} statements a request:", flush=True)
    for sql, spent in rows:
        mean = sum(spent) * 1000 / len(spent)
        print(f"  {mean:6.2f} ms x{len(spent) / rounds:.0f}  {sql[:150]}", flush=True)


def child(
    tree: bool,
    only: str,
    flat: bool = False,
    rounds: int = ROUNDS,
    wsgi: bool = False,
    queries: bool = False,
) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "helpcenter.settings"
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import translation

    import bench.faq_bare  # sets up Django with the bare route appended
    from chat.models import Conversation
    from faq.models import Article
    from tickets.models import Ticket

    article = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk").first()
    customer, _ = get_user_model().objects.get_or_create(
        username="bench-customer", defaults={"email": "bench@wallet.example"}
    )
    agent = get_user_model().objects.get(username="agent1")

    def client_for(user=None) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        if user is not None:
            client.force_login(user)
        return client

    anonymous = client_for()
    with_session = client_for()
    with_session.get("/zh-hans/requests/new/")  # a CSRF cookie and a session are set
    with_session.cookies["sessionid"] = "x" * 32  # an unknown session: the copy is bypassed
    signed_in = client_for(customer)
    staff = client_for(agent)
    if wsgi:
        # The product's WSGI chain (helpcenter.wsgi_chain) with the bare route.
        app = bench.faq_bare.product_application
        # Its lines are formatted and written as in production, to /dev/null instead of here.
        access = logging.getLogger("helpcenter.access")
        sink = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115 - for the process
        sink.setFormatter(logging.getLogger().handlers[0].formatter)
        access.handlers, access.propagate = [sink], False
        signed_in, staff = WsgiClient(app, signed_in), WsgiClient(app, staff)
        anonymous, with_session = WsgiClient(app, anonymous), WsgiClient(app, with_session)
    with translation.override("zh-hans"):
        article_url = article.get_absolute_url()
    pages = [
        ("bare template view", anonymous, "/bench/bare/"),
        ("article, signed in", signed_in, article_url),
        ("article, anonymous with a session cookie", with_session, article_url),
        ("request form, anonymous", anonymous, "/zh-hans/requests/new/"),
        ("request form, signed in", signed_in, "/zh-hans/requests/new/"),
        ("my requests, signed in", signed_in, "/zh-hans/requests/mine/"),
        ("console home, agent", staff, "/zh-hans/console/"),
        ("ticket console, agent", staff, "/zh-hans/console/tickets/"),
        ("chat console, agent", staff, "/zh-hans/console/chat/"),
    ]
    pages += [(f"inbox {view}", staff, f"/zh-hans/console/?view={view}") for view in INBOX_VIEWS]
    pages.append(("inbox live fragment", staff, "/zh-hans/console/inbox/rows/?view=open"))
    ticket = Ticket.objects.filter(status=Ticket.Status.OPEN).order_by("-pk").first()
    chat = Conversation.objects.exclude(status=Conversation.Status.CLOSED).order_by("-pk").first()
    if ticket is not None:
        pages.append(
            ("inbox ticket pane", staff, f"/zh-hans/console/inbox/t/{ticket.reference}/pane/")
        )
        pages.append(
            ("inbox ticket page", staff, f"/zh-hans/console/inbox/t/{ticket.reference}/?view=open")
        )
        # The ticket console's own page of the same ticket (bench.inbox_bench's "ticket page").
        pages.append(
            ("inbox ticket console page", staff, f"/zh-hans/console/tickets/{ticket.reference}/")
        )
    if chat is not None:
        pages.append(("inbox chat pane", staff, f"/zh-hans/console/inbox/c/{chat.pk}/pane/"))
    results = []
    for name, client, url in pages:
        if only and only not in name and name != "bare template view":
            continue
        for _ in range(min(WARMUP, rounds)):
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
        start = time.process_time()
        for _ in range(rounds):
            client.get(url)
        cpu_ms = (time.process_time() - start) * 1000 / rounds
        results.append({"page": name, "url": url, "cpu_ms": round(cpu_ms, 3)})
        print(f"{name:45} {cpu_ms:6.2f} ms CPU/request  {url}", flush=True)
        if tree:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(rounds):
                client.get(url)
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, short_mode=True), flush=True)
        if flat:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            for _ in range(rounds):
                client.get(url)
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        if queries:
            _print_query_times(client, url, rounds)
    bare = results[0]["cpu_ms"]
    for row in results:
        row["x_bare"] = round(row["cpu_ms"] / bare, 2)
    print("BENCH_JSON " + json.dumps(results, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="store_true", help="print pyinstrument call trees")
    parser.add_argument("--flat", action="store_true", help="print cProfile's own-time list")
    parser.add_argument("--only", default="", help="only the pages whose name has this text")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="requests per page")
    parser.add_argument("--tickets", type=int, default=0, help="tickets to add first")
    parser.add_argument("--conversations", type=int, default=0, help="chats to add first")
    parser.add_argument("--wsgi", action="store_true", help="call the WSGI app, no test client")
    parser.add_argument("--queries", action="store_true", help="print each statement's time")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.tree, args.only, args.flat, args.rounds, args.wsgi, args.queries)
        return
    with Stack() as stack:
        stack.manage("seed_demo", "--allow-production")
        if args.tickets:
            from bench.tickets_console_bench import seed as seed_tickets

            seed_tickets(stack, args.tickets)
        if args.conversations:
            from bench.inbox_bench import seed_conversations

            seed_conversations(stack, args.conversations, waiting=40, active=200)
        command = [sys.executable, "-m", "bench.profile_pages", "--child"]
        if args.tree:
            command.append("--tree")
        if args.flat:
            command.append("--flat")
        if args.only:
            command += ["--only", args.only]
        if args.wsgi:
            command.append("--wsgi")
        if args.queries:
            command.append("--queries")
        command += ["--rounds", str(args.rounds)]
        subprocess.run(command, cwd=ROOT, env=stack.env, check=True)


if __name__ == "__main__":
    main()
