"""Garbage-collector settings for processes that hold thousands of websockets.

Thousands of held sockets make millions of long-lived objects, and Python's default thresholds
walk all of them in a full collection every few seconds under chat load: a stall of the whole
process that every socket feels as latency. Young objects are collected as usual, the oldest
generation ten times less often (freed cycles come back a little later; memory is plenty), and
what start-up built (modules, settings, URL patterns) is frozen out of collections for good.
Used by daphne's ASGI application and, for a fair comparison, by the chat benchmark's
baselines and load generator.
"""

import gc


def tune_for_many_connections() -> None:
    gc.freeze()
    gc.set_threshold(700, 10, 100)
