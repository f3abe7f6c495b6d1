"""The Redis pub/sub channel layer, made cheap to leave: a mass disconnect must not lock the
process up (docs/performance-sockets.md).

``channels_redis.pubsub.RedisPubSubChannelLayer`` sends one Redis command per socket to leave,
each behind one lock per process: UNSUBSCRIBE of the socket's own channel (when Channels cancels
its receive) and UNSUBSCRIBE of every group it was the last member of. When 18,000 sockets of
one daphne dropped at once, those 36,000 commands queued on that lock for 10+ s: an agent
connecting meanwhile waited behind all of them for its own SUBSCRIBE and timed out, and
daphne cancelled the consumers still queued after 10 s, which channels_redis logged as
thousands of "Unexpected exception while cleaning-up channel" tracebacks (and whose Redis
subscriptions then leaked). This subclass changes two things, through the layer's public
methods only:

- A socket's own channel lives in this process only, never subscribed in Redis: it is an
  in-process queue in the layer's ``channels`` map, where group messages are delivered as
  before. Nothing here sends to another process's specific channel (every cross-process event
  goes to a group, core.realtime), so nothing is lost; ``send`` to one of ours still publishes
  through Redis first, so an unreachable Redis fails it as before (the /healthz round trip).
  Joining costs one SUBSCRIBE less, and leaving needs no Redis command at all.
- ``group_discard`` returns at once; one task per event loop performs the queued discards in
  slices of DISCARD_SLICE_SECONDS of work, each followed by a DISCARD_PAUSE_SECONDS pause, so a
  backlog of them takes a few percent of the loop however long it lasts, and the sockets that
  stay (and those connecting) get the rest. Nothing needs the unsubscribe soon: until it runs,
  a message to a departed socket's group still reaches this process and is dropped at once
  (its channel is gone from ``channels``). The queue holds one small entry per departed
  (group, socket) and drains at ~300 a second on the 2-core bench (18,000 in 50-70 s). A
  channel that joins the group again before its discard ran just stays (the discard is
  dropped).
"""

import asyncio
import time
import uuid
import weakref
from typing import Any

from channels_redis.pubsub import RedisPubSubChannelLayer

from core.realtime import layer_outage

# The drainer's duty cycle: at most this much unsubscribe work (one Redis command each, 100-200
# us) in one go, then this long for everything else (figures: docs/performance-sockets.md).
DISCARD_SLICE_SECONDS = 0.003
DISCARD_PAUSE_SECONDS = 0.05


class PubSubChannelLayer(RedisPubSubChannelLayer):
    """RedisPubSubChannelLayer with in-process specific channels and deferred group discards."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.discards: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Discards] = (
            weakref.WeakKeyDictionary()
        )

    def underlying(self, name: str) -> Any:
        """channels_redis's own ``name`` method for this event loop (the base class provides
        them through ``__getattr__``, which ``super()`` does not consult)."""
        return RedisPubSubChannelLayer.__getattr__(self, name)

    async def new_channel(self, prefix: str = "specific.") -> str:
        """A channel of this process (no Redis subscription)."""
        channel = f"{self.prefix}{prefix}{uuid.uuid4().hex}"
        self.channels[channel] = asyncio.Queue()
        return channel

    async def receive(self, channel: str) -> dict[str, Any]:
        """The next message of one of this process's channels (a socket's)."""
        queue = self.channels.setdefault(channel, asyncio.Queue())
        try:
            message = await queue.get()
        except asyncio.CancelledError:
            # The consumer is done (Channels cancels its receive): forget the channel. Its
            # group messages are no longer delivered from here on.
            self.channels.pop(channel, None)
            raise
        return self.deserialize(message)

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        queue = self.channels.get(channel)
        await self.underlying("send")(channel, message)
        if queue is not None:
            queue.put_nowait(self.serialize(message))

    async def group_add(self, group: str, channel: str) -> None:
        self.channels.setdefault(channel, asyncio.Queue())
        self.pending().cancel(group, channel)
        await self.underlying("group_add")(group, channel)

    async def group_discard(self, group: str, channel: str) -> None:
        """Queue the discard (see the module docstring); it never raises."""
        self.pending().add(group, channel)

    async def flush(self) -> None:
        self.pending().clear()
        await self.underlying("flush")()

    def pending(self) -> "Discards":
        loop = asyncio.get_running_loop()
        discards = self.discards.get(loop)
        if discards is None:
            discards = self.discards[loop] = Discards(self.underlying("group_discard"))
        return discards


class Discards:
    """The group discards queued on one event loop, and the task that performs them."""

    def __init__(self, discard: Any) -> None:
        self.discard = discard
        self.queued: dict[tuple[str, str], None] = {}  # insertion-ordered set
        self.task: asyncio.Task | None = None

    def add(self, group: str, channel: str) -> None:
        self.queued[(group, channel)] = None
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.drain())

    def cancel(self, group: str, channel: str) -> None:
        self.queued.pop((group, channel), None)

    def clear(self) -> None:
        self.queued.clear()
        if self.task is not None:
            self.task.cancel()

    async def drain(self) -> None:
        while self.queued:
            slice_ends = time.perf_counter() + DISCARD_SLICE_SECONDS
            while self.queued and time.perf_counter() < slice_ends:
                group, channel = next(iter(self.queued))
                del self.queued[(group, channel)]
                try:
                    await self.discard(group, channel)
                except Exception as exc:  # Redis is down: the group stays subscribed, unused
                    layer_outage.failed(exc)
                else:
                    layer_outage.succeeded()
            await asyncio.sleep(DISCARD_PAUSE_SECONDS)
