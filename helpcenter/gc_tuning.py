"""Garbage-collector settings: WSGI workers, and processes that hold thousands of websockets.

A full collection walks every tracked object, and most of them were made at start-up (modules,
settings, URL patterns, models) and live as long as the process, so walking them finds nothing
to free. The walk is still a pause that every request waiting in that worker feels (it set the
slowest requests of ticket creation; figures in docs/tickets.md). ``freeze_startup`` moves them
out of collections for good, so a full collection walks only what requests made.

Websockets:

Thousands of held sockets make millions of long-lived objects, and Python's default thresholds
walk all of them in a full collection every few seconds under chat load: a stall of the whole
process that every socket feels as latency. Young objects are collected as usual, the oldest
generation ten times less often (freed cycles come back a little later; memory is plenty), and
what start-up built (modules, settings, URL patterns) is frozen out of collections for good.
Used by daphne's ASGI application and, for a fair comparison, by the chat benchmark's
baselines and load generator.
"""

import gc


def freeze_startup() -> None:
    gc.freeze()


def tune_for_many_connections() -> None:
    freeze_startup()
    gc.set_threshold(700, 10, 100)
