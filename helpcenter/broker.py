"""Celery's Redis transport with one client per connection pool instead of one per publish.

kombu's Redis channel builds a new ``redis.Redis`` for every message it publishes, and that
constructor's work is paid by whoever publishes, web requests included (ticket creation queues
its confirmation e-mail), for a client that could have been kept (figures in docs/tickets.md).
A ``redis.Redis`` over a pool is thread-safe, so one per channel is enough (the same reasoning
as helpcenter.cache for Django's cache). Used when the broker is Redis (settings).
"""

from typing import Any

from kombu.transport import redis


class Channel(redis.Channel):
    _shared_client: Any = None

    def _create_client(self, asynchronous: bool = False) -> Any:
        if asynchronous:  # the worker's event-loop client keeps kombu's own handling
            return super()._create_client(asynchronous=True)
        if self._shared_client is None:
            self._shared_client = super()._create_client()
        return self._shared_client


class Transport(redis.Transport):
    Channel = Channel
