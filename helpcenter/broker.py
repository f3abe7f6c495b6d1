"""Celery's transports, each with a fix kombu's own lacks. Chosen in settings by broker URL.

``Transport`` (Redis): one client per connection pool instead of one per publish. kombu's Redis
channel builds a new ``redis.Redis`` for every message it publishes, and that constructor's work
is paid by whoever publishes, web requests included (ticket creation queues its confirmation
e-mail), for a client that could have been kept (figures in docs/tickets.md). A ``redis.Redis``
over a pool is thread-safe, so one per channel is enough (the same reasoning as helpcenter.cache
for Django's cache).

``FilesystemTransport`` (the embedded default): a message file appears complete or not at all.
kombu creates the file under its final name and writes it afterwards, while a worker takes any
file with that name (it moves it away, reads it and deletes it) without waiting for the
writer's lock. A worker that polls between the two reads an empty file, and the JSON error
stops it ("Unrecoverable error", kombu issue #1551): the message is gone and so is every task
after it. On a loaded machine the writer can be descheduled for milliseconds in that gap; the
webhooks worker test once waited 60 s for an admin e-mail no worker was left to send
(docs/webhooks.md, Tests and benchmark). Here the file is written under a name no worker takes
and renamed once complete, which the file system does atomically.
"""

import contextlib
import logging
import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem, redis
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

log = logging.getLogger(__name__)
# A message file is written under its final name plus this, then renamed. Workers take files
# whose name, after the first dot, is exactly "<queue>.msg", so they pass this one by.
PARTIAL_SUFFIX = ".part"


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


class FilesystemChannel(filesystem.Channel):
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:
        """Put ``payload`` on ``queue``: written in full, then given the name workers take."""
        # kombu's name: a millisecond clock first, so that workers take files in order.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        path = os.path.join(self.data_folder_out, name)
        partial = path + PARTIAL_SUFFIX
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise ChannelError(f"Cannot add file {path!r} to directory") from exc

    def _get(self, queue: str) -> Any:
        """The next message on ``queue`` (``queue.Empty`` when none). A file that is not a
        message (left by another program) is logged and skipped: it used to stop the worker,
        and every task after it."""
        while True:
            try:
                return super()._get(queue)
            except ValueError as exc:  # JSONDecodeError; kombu has already removed the file
                log.error("Skipped an unreadable message file on queue %s: %r", queue, exc)


class FilesystemTransport(filesystem.Transport):
    Channel = FilesystemChannel
