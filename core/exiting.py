"""Work a process must do as it exits: hand over what its background threads still hold (the
channel-layer sender, the outbox hand-off, batched insight rows).

Not ``atexit``: granian's workers (the production HTTP server) are multiprocessing children,
which leave through ``os._exit`` and run only multiprocessing's finalizers. Those also run at a
normal interpreter exit (multiprocessing registers them with ``atexit``), so one registration
covers daphne, Celery and granian alike."""

import multiprocessing.util
from collections.abc import Callable


def at_exit(callback: Callable[..., object], *args: object) -> None:
    """Call ``callback(*args)`` when this process exits normally. Register it from the process
    that holds the work: a forked child forgets its parent's registrations."""
    multiprocessing.util.Finalize(None, callback, args=args, exitpriority=10)
