"""What the conversation pane offers every conversation of a kind, kept in each process's
memory: the active tags, the macros of each kind, the canned responses of each kind, the
topics and the agents one can assign to (also the inbox's action bar); and what the inbox's
filter menus offer (topics, teams, every tag). Admins edit them a
few times a week and every pane and inbox page read them (four queries of a pane's twenty,
three of an inbox page's, docs/performance.md). An edit clears the copies at once in the
process that saved it and, through ``core.memo``, every other process within a few seconds.

The assignees, the tickets' canned responses and the topics are kept by ``tickets.kept``
(the console's ticket page, in ``tickets``, reads them too); the functions here hand them on.

Each function returns what its selector returns (tests/workspace/test_offered.py holds them
equal after every kind of edit); callers must not change the lists they get.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.memo import ProcessMemo
from core.models import Topic
from macros import selectors as macro_selectors
from macros.models import Macro, Tag
from teams import selectors as team_selectors
from teams.models import Team
from tickets import kept
from tickets import selectors as ticket_selectors
from tickets.models import CannedResponse

_tags = ProcessMemo(macro_selectors.tags_active)
_macros = {
    kind: ProcessMemo(lambda kind=kind: macro_selectors.macros_for(kind))
    for kind in ("ticket", "chat")
}
_chat_canned = ProcessMemo(
    lambda: ticket_selectors.canned_response_search(kind=CannedResponse.Scope.CHATS)
)
_filter_tags = ProcessMemo(lambda: list(macro_selectors.tags_for_filter()))
_filter_teams = ProcessMemo(lambda: list(team_selectors.teams_for_filter()))


def tags_active() -> list[Tag]:
    """``macros.selectors.tags_active()``."""
    return _tags.get()


def macros_for(kind: str) -> list[Macro]:
    """``macros.selectors.macros_for(kind)`` (``"ticket"`` or ``"chat"``)."""
    return _macros[kind].get()


def ticket_canned(*, category_id: int | None) -> list[CannedResponse]:
    """``tickets.selectors.canned_response_list(category_id=category_id)``: the same rows,
    ordered by the same key."""
    return kept.ticket_canned(category_id=category_id)


def chat_canned() -> list[CannedResponse]:
    """``tickets.selectors.canned_response_search(kind="chats")``."""
    return _chat_canned.get()


def topics() -> list[Topic]:
    """Every topic, active or not, in the form's order (the pane's topic menu)."""
    return kept.topics()


def filter_tags() -> list[Tag]:
    """``macros.selectors.tags_for_filter()`` as a list."""
    return _filter_tags.get()


def filter_teams() -> list[Team]:
    """``teams.selectors.teams_for_filter()`` as a list."""
    return _filter_teams.get()


def agents() -> list[AbstractBaseUser]:
    """``tickets.console_selectors.console_agent_list()`` as a list: the assignee choices of
    the ticket pane and of the inbox's action bar. Kept until a user, a group or a user's
    groups change (in this process at once, in others within ``memo``'s seconds)."""
    return kept.agents()


_ALL = (
    _tags,
    *_macros.values(),
    _chat_canned,
    _filter_tags,
    _filter_teams,
)


def forget() -> None:
    for memo in _ALL:
        memo.clear()


@receiver([post_save, post_delete], sender=Tag, dispatch_uid="workspace.offered.tag")
@receiver([post_save, post_delete], sender=Macro, dispatch_uid="workspace.offered.macro")
@receiver([post_save, post_delete], sender=CannedResponse, dispatch_uid="workspace.offered.canned")
@receiver([post_save, post_delete], sender=Topic, dispatch_uid="workspace.offered.topic")
@receiver([post_save, post_delete], sender=Team, dispatch_uid="workspace.offered.team")
def _edited(**kwargs: Any) -> None:
    forget()  # this transaction's own later reads
    transaction.on_commit(forget)
