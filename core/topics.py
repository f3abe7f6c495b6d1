"""The active topics (categories) of the request form, kept in each process's memory.

Every form page and every new ticket reads them; admins edit them a few times a year. An edit
clears the copy at once in the process that saved it, other processes within a few seconds
(``core.memo``)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.memo import ProcessMemo
from core.models import Topic
from core.person_pages import forget_copies


def _load() -> dict[int, Topic]:
    # Insertion order is the model's ordering (position, then id).
    return {category.pk: category for category in Topic.objects.filter(is_active=True)}


_active = ProcessMemo(_load)


def active() -> list[Topic]:
    return list(_active.get().values())


def active_by_pk(pk: int) -> Topic | None:
    return _active.get().get(pk)


@receiver([post_save, post_delete], sender=Topic)
def forget(**kwargs: object) -> None:
    # The request form lists them: its copies go too (core.person_pages).
    for forget_now in (_active.clear, forget_copies):
        forget_now()  # this transaction's own later reads
        transaction.on_commit(forget_now)
