"""Live chat load benchmark: one command, production-like stack, real websockets.

    flock /tmp/helpcenter-bench.lock .venv/bin/python -m bench.chat_load

Starts bench.stack (throwaway PostgreSQL + Redis, production settings, daphne) and measures,
in one run on the same machine:

1. baseline "echo": a bare ASGI websocket echo (bench/chat_echo_app.py) under daphne;
2. baseline "broadcast": a bare Channels consumer broadcasting each frame to a two-member group
   through the same channel layer, no database (bench/chat_broadcast_app.py);
3. the chat: N customers connected and held by one daphne process, then 1,000 customers and M
   agents: delivery latency customer→agent at a steady 250 messages/s, peak messages/s
   (closed loop), and the regression burst: 1,000 clients sending at once (zero 1011 closes,
   zero acknowledged-but-undelivered messages).

Latency is measured in this process (send time to the agent's receive time), so the load
generator's own CPU is included, equally for the baselines. Every phase is bounded in time.
"""

import argparse
import asyncio
import collections
import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import websockets

from bench.stack import ROOT, Stack
from helpcenter.gc_tuning import tune_for_many_connections

CONNECT_CONCURRENCY = 100
STARTED = time.perf_counter()


def log(text: str) -> None:
    """Progress on stderr, so a slow phase is visible while it runs."""
    print(f"[{time.perf_counter() - STARTED:6.1f}s] {text}", file=sys.stderr, flush=True)


def raise_fd_limit(wanted: int) -> int:
    """Sockets are files: raise the soft limit (inherited by the servers we start)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(hard, max(soft, wanted)) if hard != resource.RLIM_INFINITY else max(soft, wanted)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


async def settle(predicate: Any, seconds: float, *, required: bool = True) -> None:
    """Wait until ``predicate()`` holds (counters filled in by the reader tasks); after
    ``seconds`` raise, or just return when ``required`` is false (losses are then counted)."""
    try:
        async with asyncio.timeout(seconds):
            while not predicate():  # noqa: ASYNC110 - plain counters, no event to wait on
                await asyncio.sleep(0.05)
    except TimeoutError:
        if required:
            raise


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Counters:
    closes: collections.Counter = field(default_factory=collections.Counter)
    errors: collections.Counter = field(default_factory=collections.Counter)


class Peer:
    """One websocket client; ``on_frame`` sees every text frame with its receive time."""

    def __init__(self, ws: Any, counters: Counters) -> None:
        self.ws = ws
        self.counters = counters
        self.waiters: dict[str, asyncio.Future] = {}
        self.task: asyncio.Task | None = None

    def start(self, on_frame: Any) -> None:
        self.task = asyncio.create_task(self._read(on_frame))

    async def _read(self, on_frame: Any) -> None:
        try:
            async for raw in self.ws:
                on_frame(self, raw, time.perf_counter())
        except websockets.ConnectionClosed:
            pass
        finally:
            self.counters.closes[self.ws.close_code] += 1

    def wait(self, key: str) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiters[key] = future
        return future

    def resolve(self, key: str, value: Any = None) -> None:
        future = self.waiters.pop(key, None)
        if future is not None and not future.done():
            future.set_result(value)


async def open_many(
    urls: list[tuple[str, str, str]],
    counters: Counters,
    first_frames: list[list[str]] | None = None,
) -> list[Any]:
    """Open websockets (url, origin, cookie) with bounded concurrency; failures are None.
    ``first_frames[i]`` are sent on socket i as soon as it is open, as a browser does (the
    customer's ``auth`` frame must arrive within the server's deadline)."""
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(index: int, url: str, origin: str, cookie: str) -> Any:
        async with gate:
            try:
                ws = await websockets.connect(
                    url,
                    origin=origin,
                    additional_headers=[("Cookie", cookie)] if cookie else [],
                    compression=None,
                    ping_interval=None,
                    open_timeout=180,
                    max_queue=None,
                )
                for frame in first_frames[index] if first_frames else ():
                    await ws.send(frame)
                return ws
            except (OSError, websockets.WebSocketException, TimeoutError) as exc:
                counters.errors[f"connect:{type(exc).__name__}"] += 1
                return None

    return await asyncio.gather(*(one(i, *u) for i, u in enumerate(urls)))


async def close_all(peers: list[Peer]) -> None:
    await asyncio.gather(*(p.ws.close() for p in peers), return_exceptions=True)
    await asyncio.gather(*(p.task for p in peers if p.task), return_exceptions=True)


# --- a generic "A sends, B receives" measurement used by all three systems --------------------
@dataclass
class Flow:
    """How one system is driven: ``send(i, peer, stamp)`` sends message i from a sender peer;
    the receiving side calls ``delivered(i, stamp_sent, now)``; ``acked(i)`` resolves the
    sender's closed-loop wait."""

    senders: list[Peer]
    send: Any
    latencies: list[float] = field(default_factory=list)
    sent_ids: set = field(default_factory=set)
    delivered_ids: set = field(default_factory=set)
    recording: bool = True

    def delivered(self, i: int, sent_at: float, now: float) -> None:
        self.delivered_ids.add(i)
        if self.recording:
            self.latencies.append((now - sent_at) * 1000)


async def steady(flow: Flow, *, rate: float, seconds: float, first_id: int) -> dict[str, Any]:
    """Send at ``rate`` messages/s for ``seconds``; p50/p99 of delivery latency, losses."""
    flow.latencies.clear()
    total = int(rate * seconds)
    start = time.perf_counter()
    ids = []
    for n in range(total):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        i = first_id + n
        ids.append(i)
        flow.sent_ids.add(i)
        await flow.send(i, flow.senders[n % len(flow.senders)], time.perf_counter())
    await settle(lambda: set(ids) <= flow.delivered_ids, 15, required=False)
    lost = len(set(ids) - flow.delivered_ids)
    return {
        "sent": total,
        "lost": lost,
        "p50_ms": percentile(flow.latencies, 50),
        "p99_ms": percentile(flow.latencies, 99),
    }


async def peak(flow: Flow, *, seconds: float, first_id: int, ack: Any) -> dict[str, Any]:
    """Every sender in a closed loop (send, wait for its ack/echo, repeat) for ``seconds``;
    deliveries per second at the receiving side."""
    flow.recording = False
    counter = iter(range(first_id, first_id + 10_000_000))
    before = len(flow.delivered_ids)
    stop = time.perf_counter() + seconds

    async def loop(peer: Peer) -> None:
        while time.perf_counter() < stop:
            i = next(counter)
            flow.sent_ids.add(i)
            waiter = ack(peer, i)
            await flow.send(i, peer, time.perf_counter())
            try:
                await asyncio.wait_for(waiter, timeout=10)
            except TimeoutError:
                return

    started = time.perf_counter()
    await asyncio.gather(*(loop(p) for p in flow.senders))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(0.5)
    flow.recording = True
    return {"msgs_per_s": (len(flow.delivered_ids) - before) / elapsed}


# --- baselines ----------------------------------------------------------------------------------
async def measure_echo(ws_url: str, origin: str, clients: int, args: Any) -> dict[str, Any]:
    counters = Counters()
    sockets = [s for s in await open_many([(f"{ws_url}/", origin, "")] * clients, counters) if s]
    peers = [Peer(s, counters) for s in sockets]
    flow = Flow(senders=peers, send=None)

    def on_frame(peer: Peer, raw: str, now: float) -> None:
        i, sent_at = raw.split(" ")
        flow.delivered(int(i), float(sent_at), now)
        peer.resolve(i)

    async def send(i: int, peer: Peer, stamp: float) -> None:
        await peer.ws.send(f"{i} {stamp}")

    flow.send = send
    for p in peers:
        p.start(on_frame)
    result = {"connected": len(peers)}
    result |= await steady(flow, rate=args.rate, seconds=args.seconds, first_id=0)
    result |= await peak(
        flow, seconds=args.peak_seconds, first_id=10**7, ack=lambda p, i: p.wait(str(i))
    )
    await close_all(peers)
    return result


async def measure_broadcast(ws_url: str, origin: str, clients: int, args: Any) -> dict[str, Any]:
    counters = Counters()
    pairs = clients // 2
    urls = [(f"{ws_url}/pair/{n // 2}/", origin, "") for n in range(pairs * 2)]
    sockets = await open_many(urls, counters)
    peers = [Peer(s, counters) for s in sockets if s]
    senders = peers[0::2]
    receivers = set(map(id, peers[1::2]))
    flow = Flow(senders=senders, send=None)

    def on_frame(peer: Peer, raw: str, now: float) -> None:
        i, sent_at = raw.split(" ")
        if id(peer) in receivers:
            flow.delivered(int(i), float(sent_at), now)
        else:
            peer.resolve(i)  # the sender hears its own broadcast: the closed loop's ack

    async def send(i: int, peer: Peer, stamp: float) -> None:
        await peer.ws.send(f"{i} {stamp}")

    flow.send = send
    for p in peers:
        p.start(on_frame)
    result = {"connected": len(peers)}
    result |= await steady(flow, rate=args.rate, seconds=args.seconds, first_id=0)
    result |= await peak(
        flow, seconds=args.peak_seconds, first_id=10**7, ack=lambda p, i: p.wait(str(i))
    )
    await close_all(peers)
    return result


# --- the chat -----------------------------------------------------------------------------------
def seed(stack: Stack, customers: int, agents: int, active: int) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.chat_seed",
            "--customers",
            str(customers),
            "--agents",
            str(agents),
            "--active",
            str(active),
        ],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(out.stdout)


async def measure_chat(ws_url: str, origin: str, data: dict, args: Any) -> dict[str, Any]:
    counters = Counters()
    conversations = data["conversations"]
    result: dict[str, Any] = {}
    customer_of: dict[int, Peer] = {}
    synced: set[int] = set()
    pongs: set[int] = set()
    flow = Flow(senders=[], send=None)

    def on_customer_frame(peer: Peer, raw: str, now: float) -> None:
        frame = json.loads(raw)
        kind = frame["type"]
        if kind == "ack":
            peer.resolve(frame["client_id"])
        elif kind == "synced":
            synced.add(id(peer))
        elif kind == "pong":
            pongs.add(id(peer))
        elif kind == "error":
            counters.errors[frame["code"]] += 1
            peer.resolve(frame["client_id"])

    def on_agent_frame(peer: Peer, raw: str, now: float) -> None:
        frame = json.loads(raw)
        if frame["type"] == "message" and frame["sender"]["kind"] == "customer":
            i, sent_at = frame["body"].split(" ")
            flow.delivered(int(i), float(sent_at), now)
        elif frame["type"] == "synced":
            synced.add(frame["conversation"])
        elif frame["type"] == "error":
            counters.errors[f"agent:{frame['code']}"] += 1

    # 1. Connections held by one daphne process.
    started = time.perf_counter()
    urls = [(f"{ws_url}/ws/chat/{c['id']}/", origin, "") for c in conversations]
    # The token goes in the first frame, never in the URL (docs/chat-protocol.md).
    first_frames = [
        [json.dumps({"type": "auth", "token": c["token"]}), '{"type":"sync","last_seq":0}']
        for c in conversations
    ]
    sockets = await open_many(urls, counters, first_frames)
    customers = []
    for conversation, ws in zip(conversations, sockets, strict=True):
        if ws is None:
            continue
        peer = Peer(ws, counters)
        peer.start(on_customer_frame)
        customer_of[conversation["id"]] = peer
        customers.append(peer)
    await settle(lambda: len(synced) >= len(customers), 120)
    result["connect_seconds"] = time.perf_counter() - started
    for peer in customers:
        await peer.ws.send('{"type":"ping"}')
    await settle(lambda: len(pongs) >= len(customers), 60)
    result["held"] = len(pongs)
    result["hold_target"] = len(conversations)
    log(f"held {len(pongs)} customer sockets ({result['connect_seconds']:.1f} s to connect)")
    log(f"errors so far: {dict(counters.errors)}")

    # 2. Down to 1,000 customers (the latency scenario); M agents watch their chats.
    active = conversations[: args.active]
    keep = {c["id"] for c in active}
    await close_all([p for cid, p in customer_of.items() if cid not in keep])
    senders = [customer_of[c["id"]] for c in active if c["id"] in customer_of]
    agent_urls = [(f"{ws_url}/ws/agent/", origin, a["cookie"]) for a in data["agents"]]
    agent_peers = [Peer(s, counters) for s in await open_many(agent_urls, counters) if s]
    if not agent_peers:
        raise RuntimeError(f"no agent could connect: {dict(counters.errors)}")
    for peer in agent_peers:
        peer.start(on_agent_frame)
    synced.clear()
    for conversation in active:
        agent = agent_peers[conversation["agent_index"] % len(agent_peers)]
        frame = {"type": "sync", "conversation": conversation["id"], "last_seq": 0}
        await agent.ws.send(json.dumps(frame))
    await settle(lambda: len(synced) >= len(active), 120)

    async def send(i: int, peer: Peer, stamp: float) -> None:
        frame = {"type": "message", "client_id": f"m{i}", "body": f"{i} {stamp}"}
        await peer.ws.send(json.dumps(frame))

    flow.senders = senders
    flow.send = send
    result["customers"] = len(senders)
    result["agents"] = len(agent_peers)
    log(f"{len(senders)} customers and {len(agent_peers)} agents synced; steady rate")
    result |= await steady(flow, rate=args.rate, seconds=args.seconds, first_id=0)
    result |= await peak(
        flow,
        seconds=args.peak_seconds,
        first_id=10**7,
        ack=lambda p, i: p.wait(f"m{i}"),
    )

    log(f"steady and peak: {result}")
    # 3. Regression: every client sends at once.
    burst_ids = list(range(2 * 10**7, 2 * 10**7 + len(senders)))
    acks = [p.wait(f"m{i}") for p, i in zip(senders, burst_ids, strict=True)]
    now = time.perf_counter()
    await asyncio.gather(*(send(i, p, now) for p, i in zip(senders, burst_ids, strict=True)))
    async with asyncio.timeout(60):
        await asyncio.gather(*acks)
    await settle(lambda: set(burst_ids) <= flow.delivered_ids, 20, required=False)
    flow.sent_ids.update(burst_ids)
    await settle(lambda: flow.sent_ids <= flow.delivered_ids, 30, required=False)
    result["sent_total"] = len(flow.sent_ids)
    result["undelivered_total"] = len(flow.sent_ids - flow.delivered_ids)
    result["burst_sent"] = len(burst_ids)
    result["burst_undelivered"] = len(set(burst_ids) - flow.delivered_ids)
    await close_all(senders + agent_peers)
    result["closes_1011"] = counters.closes.get(1011, 0)
    result["errors"] = dict(counters.errors)
    return result


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def report(echo: dict, broadcast: dict, chat: dict, args: Any) -> None:
    print("\n=== live chat benchmark (2 cores, PostgreSQL + Redis, one daphne) ===")
    print(
        f"connections held by one daphne: {chat['held']}/{chat['hold_target']} "
        f"(connected and synced in {chat['connect_seconds']:.1f} s)"
    )
    print(f"\nsteady {args.rate:.0f} msg/s for {args.seconds:.0f} s, {args.active} clients:")
    print(f"{'':12}{'p50 ms':>10}{'p99 ms':>10}{'>15 s':>8}{'peak msg/s':>12}")
    for name, row in (("echo", echo), ("broadcast", broadcast), ("chat", chat)):
        print(
            f"{name:12}{row['p50_ms']:>10.1f}{row['p99_ms']:>10.1f}{row['lost']:>8}"
            f"{row['msgs_per_s']:>12.0f}"
        )
    print(
        f"\nchat vs echo:      p50 {ratio(chat['p50_ms'], echo['p50_ms'])}, "
        f"p99 {ratio(chat['p99_ms'], echo['p99_ms'])}, "
        f"peak {chat['msgs_per_s'] / echo['msgs_per_s']:.0%}"
    )
    print(
        f"chat vs broadcast: p50 {ratio(chat['p50_ms'], broadcast['p50_ms'])}, "
        f"p99 {ratio(chat['p99_ms'], broadcast['p99_ms'])}, "
        f"peak {chat['msgs_per_s'] / broadcast['msgs_per_s']:.0%} (target >= 40%)"
    )
    print(
        f"\nregression burst: {chat['burst_sent']} clients at once -> "
        f"{chat['burst_undelivered']} undelivered, {chat['closes_1011']} closes with 1011, "
        f"errors {chat['errors'] or 'none'}"
    )
    print(
        f"chat messages never delivered to the agent over the whole run: "
        f"{chat['undelivered_total']} of {chat['sent_total']}"
    )
    print("\nJSON " + json.dumps({"echo": echo, "broadcast": broadcast, "chat": chat}))


async def measure_all(stack: Stack, args: Any) -> tuple[dict, dict, dict]:
    origin = "http://127.0.0.1"
    log("baseline: bare ASGI echo")
    server = stack.daphne(app="bench.chat_echo_app:application")
    echo = await asyncio.wait_for(
        measure_echo(server.ws_url, origin, args.active, args), timeout=180
    )
    server.stop()
    log(f"echo: {echo}")
    log("baseline: bare Channels broadcast to pairs")
    server = stack.daphne(app="bench.chat_broadcast_app:application")
    broadcast = await asyncio.wait_for(
        measure_broadcast(server.ws_url, origin, args.active, args), timeout=180
    )
    server.stop()
    log(f"broadcast: {broadcast}")
    log(f"seeding {args.customers} conversations")
    data = seed(stack, args.customers, args.agents, args.active)
    log("chat")
    server = stack.daphne()
    chat = await asyncio.wait_for(
        measure_chat(server.ws_url, origin, data, args), timeout=args.max_seconds
    )
    server.stop()
    return echo, broadcast, chat


async def run(args: Any) -> None:
    raise_fd_limit(args.customers * 2 + 2000)
    stack = Stack()
    log("starting PostgreSQL, Redis, migrations")
    try:
        # Entered by hand so that servers started before a failing step are stopped too.
        stack.__enter__()
        echo, broadcast, chat = await measure_all(stack, args)
    finally:
        stack.__exit__(None, None, None)
    report(echo, broadcast, chat, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=5000, help="connections to hold")
    parser.add_argument("--active", type=int, default=1000, help="clients in latency phases")
    parser.add_argument("--agents", type=int, default=10)
    parser.add_argument("--rate", type=float, default=250.0, help="steady messages/s")
    parser.add_argument("--seconds", type=float, default=15.0, help="steady phase length")
    parser.add_argument("--peak-seconds", type=float, default=8.0)
    parser.add_argument("--max-seconds", type=float, default=420.0, help="bound for the chat")
    tune_for_many_connections()  # the load generator holds as many sockets as daphne
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
