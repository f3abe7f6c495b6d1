"""What the conversation pane offers every conversation of a kind, kept in each process's
memory: the active tags, the macros of each kind, the canned responses of each kind, the
topics and the agents one can assign to (also the inbox's action bar); and what the inbox's
filter menus offer (topics, teams, every tag). Admins edit them a
few times a week and every pane and inbox page read them (four queries of a pane's twenty,
three of an inbox page's, docs/performance.md). An edit clears the copies at once in the
process that saved it and, through ``core.memo``, every other process within a few seconds.

Each function returns what its selector returns (tests/workspace/test_offered.py holds them
equal after every kind of edit); callers must not change the lists they get.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from core.memo import ProcessMemo
from core.models import Topic
from macros import selectors as macro_selectors
from macros.models import Macro, Tag
from teams import selectors as team_selectors
from teams.models import Team
from tickets import selectors as ticket_selectors
from tickets.console_selectors import console_agent_list
from tickets.models import CannedResponse

_tags = ProcessMemo(macro_selectors.tags_active)
_macros = {
    kind: ProcessMemo(lambda kind=kind: macro_selectors.macros_for(kind))
    for kind in ("ticket", "chat")
}
_ticket_canned = ProcessMemo(ticket_selectors.canned_response_list)
_chat_canned = ProcessMemo(
    lambda: ticket_selectors.canned_response_search(kind=CannedResponse.Scope.CHATS)
)
_topics = ProcessMemo(lambda: list(Topic.objects.order_by("position", "pk")))
_filter_tags = ProcessMemo(lambda: list(macro_selectors.tags_for_filter()))
_filter_teams = ProcessMemo(lambda: list(team_selectors.teams_for_filter()))
_agents = ProcessMemo(lambda: list(console_agent_list()))


def tags_active() -> list[Tag]:
    """``macros.selectors.tags_active()``."""
    return _tags.get()


def macros_for(kind: str) -> list[Macro]:
    """``macros.selectors.macros_for(kind)`` (``"ticket"`` or ``"chat"``)."""
    return _macros[kind].get()


def ticket_canned(*, category_id: int | None) -> list[CannedResponse]:
    """``tickets.selectors.canned_response_list(category_id=category_id)``: the same rows,
    ordered by the same key."""
    return sorted(
        _ticket_canned.get(), key=lambda c: (c.category_id != category_id, c.position, c.pk)
    )


def chat_canned() -> list[CannedResponse]:
    """``tickets.selectors.canned_response_search(kind="chats")``."""
    return _chat_canned.get()


def topics() -> list[Topic]:
    """Every topic, active or not, in the form's order (the pane's topic menu)."""
    return _topics.get()


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
    return _agents.get()


_ALL = (
    _tags,
    *_macros.values(),
    _ticket_canned,
    _chat_canned,
    _topics,
    _filter_tags,
    _filter_teams,
    _agents,
)


def forget() -> None:
    for kept in _ALL:
        kept.clear()


@receiver([post_save, post_delete], sender=Tag, dispatch_uid="workspace.offered.tag")
@receiver([post_save, post_delete], sender=Macro, dispatch_uid="workspace.offered.macro")
@receiver([post_save, post_delete], sender=CannedResponse, dispatch_uid="workspace.offered.canned")
@receiver([post_save, post_delete], sender=Topic, dispatch_uid="workspace.offered.topic")
@receiver([post_save, post_delete], sender=Team, dispatch_uid="workspace.offered.team")
def _edited(**kwargs: Any) -> None:
    forget()  # this transaction's own later reads
    transaction.on_commit(forget)


@receiver([post_save, post_delete], sender=get_user_model(), dispatch_uid="workspace.offered.user")
@receiver([post_save, post_delete], sender=Group, dispatch_uid="workspace.offered.group")
@receiver(
    m2m_changed, sender=get_user_model().groups.through, dispatch_uid="workspace.offered.groups"
)
def _people_edited(**kwargs: Any) -> None:
    _agents.clear()
    transaction.on_commit(_agents.clear)
