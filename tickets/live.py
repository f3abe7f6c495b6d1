"""The staff inbox's live signal: "tickets changed", sent to every agent's socket after the
change commits (core.realtime's one path, so it works from Celery too).

It carries no ticket data: each inbox reads its own view again (one indexed query), so what an
agent may see is decided by the same selectors as the page, and any number of changes in one
transaction make one signal. The agent socket (chat.consumers.AgentConsumer) forwards it as
the ``inbox`` frame of chat.protocol."""

from core import realtime
from tickets.console_selectors import forget_tab_counts

INBOX_GROUP = "staff.inbox"
INBOX_EVENT = "inbox.changed"


def inbox_changed_on_commit() -> None:
    """A ticket was created or changed in the current transaction: tell the inboxes once it
    commits (and recount the queue counters then)."""
    realtime.publish_computed_on_commit(_announce, once_per_commit=INBOX_EVENT)


def _announce() -> list[tuple[str, dict[str, object]]]:
    forget_tab_counts()
    return [(INBOX_GROUP, {"type": INBOX_EVENT, "changed": ["ticket"]})]
