"""Knowledge-base benchmark: article pages and the suggestions API at 10,000 articles.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.faq_bench

On the production-like stack (bench.stack: throwaway PostgreSQL and Redis, production
settings, granian with 2 WSGI workers) with the demo content plus 10,000 generated bilingual
articles (bench.faq_seed), using wrk (``apt-get install wrk``) on 127.0.0.1:

1. Baseline: a bare Django view rendering a static template (bench.faq_bare: the product's
   settings, middleware and URLs plus that one view), 50 connections.
2. Article pages: the product's WSGI app, 50 connections rotating over 200 article URLs in
   both languages (cached pages; every request also counts a view in Redis).
3. Suggestions API: a mixed Chinese/English query set (with a typo), 50 connections (results
   cached per content generation, as in production), then each query uncached: the content
   generation is dropped before every round so every request runs the full search.
   Then the cached load again on a server that writes each "suggestion shown" row in its own
   request (INSIGHTS_BATCH_SECONDS=0), the baseline for insights.batching, and the count of
   rows the batched server wrote against the answers wrk counted (none may be lost when the
   server stops).

Prints each phase's figures, the article/bare ratio, and one JSON line with everything.
"""

import argparse
import http.client
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg2
import redis

from bench.stack import Stack
from tests.services import Postgres

RESULT = re.compile(r"BENCH_RESULT (\{.*\})")
QUERIES = (
    ("忘记密码", "zh-hans"), ("提现 手续费", "zh-hans"), ("付款失败", "zh-hans"),
    ("收不到验证码", "zh-hans"), ("银行卡充值失败", "zh-hans"), ("注销账户", "zh-hans"),
    ("冻结账户", "zh-hans"), ("导出账单", "zh-hans"), ("转账没到账", "zh-hans"),
    ("更换手机号", "zh-hans"), ("投诉", "zh-hans"), ("两步验证", "zh-hans"),
    ("withdraw fee", "en"), ("reset password", "en"), ("pasword", "en"),
    ("payment failed", "en"), ("top up limit", "en"), ("export statement", "en"),
    ("close account", "en"), ("unauthorised transaction", "en"), ("change phone number", "en"),
    ("verification code expired", "en"), ("refund", "en"), ("reset 密码", "en"),
)  # fmt: skip
LUA = """
local paths = {%(paths)s}
local counter = 0
local threads = {}
errors = 0
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = id * 7919
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("errors") end
  io.write(string.format(
    "BENCH_RESULT {\\"requests\\": %%d, \\"seconds\\": %%.3f, \\"non_200\\": %%d, " ..
    "\\"socket_errors\\": %%d, \\"p50_ms\\": %%.2f, \\"p90_ms\\": %%.2f, \\"p99_ms\\": %%.2f, " ..
    "\\"max_ms\\": %%.2f}\\n",
    summary.requests, summary.duration / 1e6, failed,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


class PostgresWithDatabase(Postgres):
    """The stack's throwaway PostgreSQL plus the database its URL names."""

    def start(self) -> "PostgresWithDatabase":
        super().start()
        conn = psycopg2.connect(self.url.rsplit("/", 1)[0] + "/postgres")
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'helpcenter'")
            if cursor.fetchone() is None:
                cursor.execute("CREATE DATABASE helpcenter")
        conn.close()
        return self


def wrk(
    base: str,
    paths: list[str],
    *,
    seconds: int,
    connections: int = 50,
    headers: dict[str, str] | None = None,
) -> dict:
    """wrk against ``paths`` in rotation (with ``headers`` on every request); returns
    requests/s and latency percentiles."""
    quoted = ", ".join(json.dumps(p) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": quoted})
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            *[arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")],
            "-s",
            script.name,
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    Path(script.name).unlink()
    result = json.loads(RESULT.search(out.stdout).group(1))
    result["per_second"] = round(result["requests"] / result["seconds"], 1)
    return result


def shown_rows(stack: Stack) -> int:
    """Deflection rows of the suggestions API written so far (insights.batching)."""
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM insights_event"
            " WHERE kind IN ('suggestion_shown', 'search_without_results')"
        )
        return cursor.fetchone()[0]


def suggest_path(query: str, lang: str) -> str:
    return "/api/faq/suggest?" + urllib.parse.urlencode({"q": query, "lang": lang})


def uncached_search(port: int, redis_url: str, rounds: int) -> dict:
    """One client, every query uncached: the content generation is dropped before each round,
    so each request runs segmentation, the full-text queries and the result fetch."""
    cache = redis.Redis.from_url(redis_url)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    samples: list[float] = []
    by_query: dict[str, list[float]] = {query: [] for query, _ in QUERIES}
    empty = 0
    for _ in range(rounds):
        cache.delete("hc:1:faq:gen")
        for query, lang in QUERIES:
            started = time.perf_counter()
            conn.request("GET", suggest_path(query, lang))
            response = conn.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            samples.append(elapsed)
            by_query[query].append(elapsed)
            assert response.status == 200, body
            empty += not json.loads(body)["results"]
    samples.sort()
    # Which queries make the tail: the three slowest by median, with their worst request.
    slowest = sorted(by_query.items(), key=lambda item: statistics.median(item[1]), reverse=True)
    return {
        "requests": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(samples[int(len(samples) * 0.99) - 1], 2),
        "max_ms": round(samples[-1], 2),
        "queries_without_results": empty // rounds,
        "slowest_queries": [
            {"q": q, "p50_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2)}
            for q, times in slowest[:3]
        ],
    }


def article_paths(stack: Stack, count: int) -> list[str]:
    with psycopg2.connect(stack.postgres.url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT slug FROM faq_article WHERE status = 'published' ORDER BY id DESC LIMIT %s",
            [count // 2],
        )
        slugs = [row[0] for row in cursor.fetchall()]
    return [f"/{lang}/articles/{slug}/" for slug in slugs for lang in ("zh-hans", "en")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=15, help="length of each wrk phase")
    parser.add_argument("--rounds", type=int, default=10, help="uncached search rounds")
    args = parser.parse_args()

    stack = Stack()
    stack.postgres = PostgresWithDatabase()
    results: dict = {"machine": "2 cores", "articles": args.articles}
    with stack:
        # The per-IP limit protects production; every benchmark request comes from 127.0.0.1.
        stack.env["FAQ_SUGGEST_RATE"] = "1000000000/m"
        stack.manage("seed_demo", "--allow-production")
        seeded = subprocess.run(
            [sys.executable, "-m", "bench.faq_seed", str(args.articles)],
            env=stack.env,
            capture_output=True,
            text=True,
            check=True,
        )
        print(seeded.stdout.strip(), flush=True)
        paths = article_paths(stack, 200)

        bare = stack.web(workers=2, app="bench.faq_bare:application")
        wrk(bare.url, ["/bench/bare/"], seconds=3)  # warm-up
        results["bare"] = wrk(bare.url, ["/bench/bare/"], seconds=args.seconds)
        bare.stop()
        print(f"bare view      {results['bare']}", flush=True)

        web = stack.web(workers=2)
        for path in paths:  # fill the page cache: the figure is for cached pages
            urllib.request.urlopen(web.url + path, timeout=30).read()  # noqa: S310 - http
        wrk(web.url, paths, seconds=3)  # warm-up
        results["article"] = wrk(web.url, paths, seconds=args.seconds)
        print(f"article page   {results['article']}", flush=True)

        searches = [suggest_path(q, lang) for q, lang in QUERIES]
        wrk(web.url, searches, seconds=3)  # warm-up: loads jieba in both workers
        results["search_uncached"] = uncached_search(web.port, stack.redis.url, args.rounds)
        print(f"search (cold)  {results['search_uncached']}", flush=True)
        wrk(web.url, searches, seconds=3)  # the results cached again
        time.sleep(2)  # the warm-up's last batch written (INSIGHTS_BATCH_SECONDS, 1 s)
        rows_before = shown_rows(stack)
        results["search_cached"] = wrk(web.url, searches, seconds=args.seconds)
        print(f"search (load)  {results['search_cached']}", flush=True)
        web.stop()  # what the workers still hold is written as they exit
        results["search_rows_written"] = shown_rows(stack) - rows_before

        # The same load with each "suggestion shown" row written in its own request, as before
        # insights.batching: the baseline of what batching buys, in the same run.
        stack.env["INSIGHTS_BATCH_SECONDS"] = "0"
        plain = stack.web(workers=2)
        wrk(plain.url, searches, seconds=3)
        results["search_cached_one_by_one"] = wrk(plain.url, searches, seconds=args.seconds)
        print(f"search, rows one by one {results['search_cached_one_by_one']}", flush=True)
        plain.stop()
        del stack.env["INSIGHTS_BATCH_SECONDS"]

    answered = results["search_cached"]["requests"]
    written = results["search_rows_written"]
    batching = (
        results["search_cached"]["per_second"] / results["search_cached_one_by_one"]["per_second"]
    )
    ratio = results["article"]["per_second"] / results["bare"]["per_second"]
    results["article_to_bare"] = round(ratio, 3)
    print(
        f"\narticle page: {results['article']['per_second']:.0f} req/s, "
        f"p99 {results['article']['p99_ms']} ms = {ratio:.0%} of the bare view "
        f"({results['bare']['per_second']:.0f} req/s)\n"
        f"search API: under load p50 {results['search_cached']['p50_ms']} ms / "
        f"p99 {results['search_cached']['p99_ms']} ms; uncached p50 "
        f"{results['search_uncached']['p50_ms']} ms / "
        f"p99 {results['search_uncached']['p99_ms']} ms\n"
        f"search API with each row written in its own request: "
        f"{results['search_cached_one_by_one']['per_second']:.0f} req/s, p50 "
        f"{results['search_cached_one_by_one']['p50_ms']} ms / p99 "
        f"{results['search_cached_one_by_one']['p99_ms']} ms; batched {batching:.2f}x that; "
        f"rows the batched server wrote under load: {written} for the {answered} answers wrk "
        f"counted (wrk does not count the up to 50 in flight when it stops)"
    )
    print("BENCH_RESULT " + json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
