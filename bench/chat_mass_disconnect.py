"""Mass disconnect benchmark: a reconnect storm must not lock agents out.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.chat_mass_disconnect

Starts bench.stack (throwaway PostgreSQL + Redis, production settings) with two daphnes by
default, as docker-compose.yml and deploy/nginx.conf run them: one for the customers' sockets
and one for ``/ws/agent/`` alone (``--one-daphne``: everything on one daphne, as before), then:

1. 19,000 customer sockets connect and authenticate (first-frame ``auth``, welcome received),
   held by the customers' daphne; the load generator splits them over child processes, because one
   process may hold no more sockets than the fd limit (20,000 on the 2-core test machine) and
   daphne needs as many;
2. 18,000 of them are dropped at the same instant (a deploy, a network blip);
3. while daphne cleans up after them, 10 agents connect (to the agents' daphne, or with
   ``--one-daphne`` to the same one): each one's time from trying to connect to the handshake,
   and to its first frame (``welcome``), must stay under 1 s.

Meanwhile a probe socket sends a websocket ping every 50 ms to the customers' daphne; the
slowest pong is the longest stall of its event loop. The run also reports how long the channel
layer took to drop the closed sockets' Redis subscriptions and how many ERROR / Traceback lines
each daphne logged. Every phase is bounded in time.
"""

import argparse
import asyncio
import contextlib
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import redis
import websockets

from bench.chat_load import (
    CONNECT_CONCURRENCY,
    Counters,
    Peer,
    log,
    percentile,
    raise_fd_limit,
    seed,
)
from bench.stack import ROOT, Server, Stack
from helpcenter.gc_tuning import tune_for_many_connections

ORIGIN = "http://127.0.0.1"
PROBE_INTERVAL_SECONDS = 0.05
AGENT_TIMEOUT_SECONDS = 30.0


# --- child: holds a share of the customer sockets ---------------------------------------------
async def connect_customer(ws_url: str, conversation: dict[str, Any], counters: Counters) -> Any:
    """A customer socket as the widget opens it: handshake, ``auth`` first, its welcome."""
    try:
        ws = await websockets.connect(
            f"{ws_url}/ws/chat/{conversation['id']}/",
            origin=ORIGIN,
            compression=None,
            ping_interval=None,
            open_timeout=120,
            max_queue=None,
        )
        await ws.send(json.dumps({"type": "auth", "token": conversation["token"]}))
        async with asyncio.timeout(120):
            frame = json.loads(await ws.recv())
    except (OSError, websockets.WebSocketException, TimeoutError) as exc:
        counters.errors[f"connect:{type(exc).__name__}"] += 1
        return None
    if frame["type"] != "welcome":
        counters.errors[f"first-frame:{frame['type']}"] += 1
    return ws


async def child(ws_url: str, conversations: list[dict[str, Any]]) -> None:
    """Hold these customers; on ``drop <count> <at>`` (stdin) drop ``count`` of them at
    wall-clock time ``at``; exit on ``exit`` (or end of input)."""
    counters = Counters()
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY // 2)

    async def one(conversation: dict[str, Any]) -> Any:
        async with gate:
            return await connect_customer(ws_url, conversation, counters)

    sockets = [ws for ws in await asyncio.gather(*map(one, conversations)) if ws]
    # Daphne's own pings are answered by the websockets library in the background.
    peers = [Peer(ws, counters) for ws in sockets]
    for peer in peers:
        peer.start(lambda peer, raw, now: None)
    reply({"held": len(peers), "errors": dict(counters.errors)})
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        command, *rest = line.split()
        if command == "drop":
            count, at = int(rest[0]), float(rest[1])
            await asyncio.sleep(max(0.0, at - time.time()))
            started = time.time()
            for peer in peers[:count]:
                # Dropped, not closed politely: what a network blip or a dying proxy does.
                peer.ws.transport.abort()
            reply({"dropped": min(count, len(peers)), "late_ms": (started - at) * 1000})
            peers = peers[count:]
        elif command == "exit":
            break
    for peer in peers:
        peer.ws.transport.abort()


def reply(message: dict[str, Any]) -> None:
    print(json.dumps(message), flush=True)


# --- parent -----------------------------------------------------------------------------------
class Children:
    """The load generator's child processes, each holding a share of the customers."""

    def __init__(self, ws_url: str, shares: list[list[dict[str, Any]]], tmp: Path) -> None:
        self.processes = []
        for n, share in enumerate(shares):
            path = tmp / f"share-{n}.json"
            path.write_text(json.dumps(share))
            cmd = [sys.executable, "-m", "bench.chat_mass_disconnect", "--child", str(path)]
            cmd += ["--ws-url", ws_url]
            self.processes.append(
                subprocess.Popen(
                    cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
                )
            )

    async def replies(self) -> list[dict[str, Any]]:
        async def one(process: subprocess.Popen) -> dict[str, Any]:
            line = await asyncio.to_thread(process.stdout.readline)
            if not line:
                raise RuntimeError(f"a load generator exited with {process.wait()}")
            return json.loads(line)

        return await asyncio.gather(*map(one, self.processes))

    def tell(self, command: str) -> None:
        for process in self.processes:
            process.stdin.write(command + "\n")
            process.stdin.flush()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(BrokenPipeError):
                    self.tell("exit")
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


class Probe:
    """A websocket ping every 50 ms on a socket of the same daphne: the pong's delay is how
    long daphne's event loop was busy with something else."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.samples: list[tuple[float, float]] = []  # (sent at, latency ms)
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            sent = time.perf_counter()
            pong = await self.ws.ping()
            await pong
            self.samples.append((sent, (time.perf_counter() - sent) * 1000))
            await asyncio.sleep(max(0.0, sent + PROBE_INTERVAL_SECONDS - time.perf_counter()))

    def max_ms(self, since: float) -> float:
        return max((ms for sent, ms in self.samples if sent >= since), default=math.nan)

    async def stop(self) -> float:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        # A ping still unanswered counts for as long as it has waited.
        return (time.perf_counter() - self.samples[-1][0]) * 1000 if self.samples else math.nan


async def agent_connects(ws_url: str, agent: dict[str, Any]) -> dict[str, Any]:
    """One agent's console socket: seconds from trying to connect to the handshake and to the
    first frame; the error when it did not get there."""
    started = time.perf_counter()
    result: dict[str, Any] = {"connect_s": None, "first_frame_s": None, "error": None}
    try:
        async with asyncio.timeout(AGENT_TIMEOUT_SECONDS):
            ws = await websockets.connect(
                f"{ws_url}/ws/agent/",
                origin=ORIGIN,
                additional_headers=[("Cookie", agent["cookie"])],
                compression=None,
                ping_interval=None,
                open_timeout=AGENT_TIMEOUT_SECONDS,
            )
            result["connect_s"] = time.perf_counter() - started
            frame = json.loads(await ws.recv())
            result["first_frame_s"] = time.perf_counter() - started
            result["first_frame"] = frame["type"]
            ws.transport.abort()
    except (OSError, websockets.WebSocketException, TimeoutError) as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"[:200]
    return result


def subscriptions(client: redis.Redis) -> int:
    """The channels daphne's layer is subscribed to in Redis (its one subscriber connection)."""
    return len(client.pubsub_channels())


async def cleanup_seconds(client: redis.Redis, since: float, limit: float) -> tuple[float, int]:
    """Seconds from ``since`` until the Redis subscriptions stop falling (the layer has dropped
    the closed sockets' channels and groups), and how many are left."""
    last, last_change = await asyncio.to_thread(subscriptions, client), time.perf_counter()
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline and time.perf_counter() - last_change < 3:
        await asyncio.sleep(0.1)
        count = await asyncio.to_thread(subscriptions, client)
        if count != last:
            last, last_change = count, time.perf_counter()
    return last_change - since, last


def log_lines(text: str) -> dict[str, int]:
    return {
        "error_lines": len(re.findall(r"^.* ERROR .*$", text, re.MULTILINE)),
        "traceback_lines": text.count("Traceback"),
        "cleanup_errors": text.count("Unexpected exception while cleaning-up channel"),
        "killed_slow_shutdowns": text.count("took too long to shut down"),
    }


async def measure(
    stack: Stack, server: Server, agents_server: Server, data: dict, args: Any
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    conversations = data["conversations"]
    probe_conversation, customers = conversations[0], conversations[1:]
    shares = [customers[n :: args.processes] for n in range(args.processes)]
    tmp = Path(tempfile.mkdtemp(prefix="hc-mass-disconnect-", dir=stack.var_dir))
    children = Children(server.ws_url, shares, tmp)
    try:
        started = time.perf_counter()
        held = await asyncio.wait_for(children.replies(), timeout=args.connect_seconds)
        result["held"] = sum(r["held"] for r in held)
        result["connect_errors"] = [r["errors"] for r in held if r["errors"]]
        result["connect_seconds"] = time.perf_counter() - started
        log(f"held {result['held']} customer sockets in {result['connect_seconds']:.0f} s")

        probe_ws = await connect_customer(server.ws_url, probe_conversation, Counters())
        probe = Probe(probe_ws)
        client = redis.Redis.from_url(stack.redis.url)
        result["subscriptions_held"] = subscriptions(client)
        await asyncio.sleep(2)
        result["probe_idle_max_ms"] = probe.max_ms(0)

        at = time.time() + 1.0
        children.tell(f"drop {args.disconnect // args.processes} {at}")
        await asyncio.sleep(at - time.time() + args.agent_delay)
        dropped_at = time.perf_counter() - args.agent_delay
        log(f"dropped {args.disconnect}; {len(data['agents'])} agents connect now")
        agents = await asyncio.gather(
            *(agent_connects(agents_server.ws_url, a) for a in data["agents"])
        )
        dropped = await children.replies()
        result["dropped"] = sum(r["dropped"] for r in dropped)
        result["drop_spread_ms"] = max(r["late_ms"] for r in dropped)
        result["cleanup_seconds"], result["subscriptions_left"] = await cleanup_seconds(
            client, dropped_at, args.cleanup_seconds
        )
        result["probe_max_ms"] = max(probe.max_ms(dropped_at), await probe.stop())
        result["probe_p99_ms"] = percentile(
            [ms for sent, ms in probe.samples if sent >= dropped_at], 99
        )
        log(f"cleanup took {result['cleanup_seconds']:.1f} s")
    finally:
        children.stop()
    result["agents"] = agents
    result["agent_connect_max_s"] = max(
        (a["connect_s"] for a in agents if a["connect_s"] is not None), default=math.nan
    )
    result["agent_first_frame_max_s"] = max(
        (a["first_frame_s"] for a in agents if a["first_frame_s"] is not None), default=math.nan
    )
    result["agents_failed"] = sum(1 for a in agents if a["first_frame_s"] is None)
    result["agents_over_1s"] = sum(
        1 for a in agents if a["first_frame_s"] is None or a["first_frame_s"] > 1.0
    )
    return result


def report(result: dict[str, Any], args: Any) -> None:
    topology = (
        "one daphne for everyone (--one-daphne)"
        if args.one_daphne
        else "agents on their own daphne, as nginx routes /ws/agent/"
    )
    print(f"\n=== mass disconnect (2 cores, PostgreSQL + Redis, {topology}) ===")
    print(
        f"customers held: {result['held']} (connected in {result['connect_seconds']:.0f} s, "
        f"{result['subscriptions_held']} Redis subscriptions)"
    )
    print(
        f"dropped at once: {result['dropped']} (spread {result['drop_spread_ms']:.0f} ms); "
        f"layer cleanup done after {result['cleanup_seconds']:.1f} s, "
        f"{result['subscriptions_left']} subscriptions left"
    )
    print(
        f"event loop stall (ping every 50 ms): max {result['probe_max_ms']:.0f} ms, "
        f"p99 {result['probe_p99_ms']:.0f} ms (idle before: {result['probe_idle_max_ms']:.0f} ms)"
    )
    print(
        f"{len(result['agents'])} agents connecting {args.agent_delay:.1f} s after the drop: "
        f"handshake max {result['agent_connect_max_s']:.2f} s, "
        f"first frame max {result['agent_first_frame_max_s']:.2f} s, "
        f"{result['agents_over_1s']} over 1 s, {result['agents_failed']} failed"
    )
    for n, agent in enumerate(result["agents"], start=1):
        print(
            f"  agent {n}: handshake {seconds(agent['connect_s'])}, "
            f"first frame {seconds(agent['first_frame_s'])}"
            + (f", error: {agent['error']}" if agent["error"] else "")
        )
    for name, lines in result["logs"].items():
        print(
            f"{name} daphne log: {lines['error_lines']} ERROR lines, "
            f"{lines['traceback_lines']} tracebacks ({lines['cleanup_errors']} 'Unexpected "
            f"exception while cleaning-up channel'), {lines['killed_slow_shutdowns']} consumers "
            f"killed for a slow shutdown; {lines['error_lines_at_stop']} ERROR lines while it "
            "stopped afterwards"
        )
    print("\nJSON " + json.dumps({"mass_disconnect": result}))


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def stop_and_read_log(stack: Stack, server: Server) -> dict[str, int]:
    """Stop a daphne; what it logged up to now, and the ERROR lines logged while stopping."""
    server_log = stack.var_dir / f"daphne-{server.port}.log"
    before_stop = server_log.read_text(errors="replace")
    server.stop()
    at_stop = log_lines(server_log.read_text(errors="replace")[len(before_stop) :])
    return log_lines(before_stop) | {"error_lines_at_stop": at_stop["error_lines"]}


async def run(args: Any) -> None:
    limit = raise_fd_limit(10**6)  # the hard limit: daphne inherits it
    log(f"fd limit {limit}")
    stack = Stack()
    log("starting PostgreSQL, Redis, migrations")
    try:
        stack.__enter__()
        log(f"seeding {args.customers + 1} conversations")
        data = seed(stack, args.customers + 1, args.agents, args.agents)
        server = stack.daphne()
        # Each daphne() call has its own free port and log (daphne-<port>.log).
        agents_server = server if args.one_daphne else stack.daphne()
        result = await asyncio.wait_for(
            measure(stack, server, agents_server, data, args), args.max_seconds
        )
        result["one_daphne"] = args.one_daphne
        customers = "the one" if args.one_daphne else "customers'"
        result["logs"] = {customers: stop_and_read_log(stack, server)}
        if agents_server is not server:
            result["logs"]["agents'"] = stop_and_read_log(stack, agents_server)
    finally:
        stack.__exit__(None, None, None)
    report(result, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=19_000, help="sockets to hold")
    parser.add_argument("--disconnect", type=int, default=18_000, help="sockets dropped at once")
    parser.add_argument("--agents", type=int, default=10)
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--agent-delay", type=float, default=0.2, help="agents start after drop")
    parser.add_argument("--connect-seconds", type=float, default=420.0)
    parser.add_argument("--cleanup-seconds", type=float, default=90.0)
    parser.add_argument("--max-seconds", type=float, default=720.0)
    parser.add_argument(
        "--one-daphne",
        action="store_true",
        help="agents on the customers' daphne (the default: their own, as in production)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--ws-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    tune_for_many_connections()  # the load generator holds as many sockets as daphne
    if args.child:
        raise_fd_limit(10**6)
        asyncio.run(child(args.ws_url, json.loads(Path(args.child).read_text())))
        return
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
