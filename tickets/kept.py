"""What every ticket page offers, kept in each process's memory (``core.memo``): the agents one
can assign to, the canned responses for tickets and every topic. The console's ticket page (in
this app) and the inbox's pane and action bar (``workspace.offered``, above) read them on every
request; admins edit them a few times a week. An edit clears the copies at once in the process
that saved it (the receivers below) and every other process within ``memo``'s seconds.

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
from tickets import selectors
from tickets.console_selectors import console_agent_list
from tickets.models import CannedResponse

_agents = ProcessMemo(lambda: list(console_agent_list()))
_canned = ProcessMemo(selectors.canned_response_list)
_topics = ProcessMemo(lambda: list(Topic.objects.order_by("position", "pk")))


def agents() -> list[AbstractBaseUser]:
    """``tickets.console_selectors.console_agent_list()`` as a list: the assignee choices.
    Kept until a user, a group or a user's groups change."""
    return _agents.get()


def ticket_canned(*, category_id: int | None) -> list[CannedResponse]:
    """``tickets.selectors.canned_response_list(category_id=category_id)``: the same rows,
    ordered by the same key."""
    return sorted(_canned.get(), key=lambda c: (c.category_id != category_id, c.position, c.pk))


def topics() -> list[Topic]:
    """Every topic, active or not, in the form's order (topic menus, the history's labels)."""
    return _topics.get()


def _forget(*kept: ProcessMemo) -> None:
    for memo in kept:
        memo.clear()  # this transaction's own later reads
        transaction.on_commit(memo.clear)


@receiver([post_save, post_delete], sender=CannedResponse, dispatch_uid="tickets.kept.canned")
def _canned_edited(**kwargs: Any) -> None:
    _forget(_canned)


@receiver([post_save, post_delete], sender=Topic, dispatch_uid="tickets.kept.topic")
def _topic_edited(**kwargs: Any) -> None:
    # A canned response shows its topic's name: it is read with its topic.
    _forget(_topics, _canned)


@receiver([post_save, post_delete], sender=get_user_model(), dispatch_uid="tickets.kept.user")
@receiver([post_save, post_delete], sender=Group, dispatch_uid="tickets.kept.group")
@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="tickets.kept.groups")
def _people_edited(**kwargs: Any) -> None:
    _forget(_agents)
