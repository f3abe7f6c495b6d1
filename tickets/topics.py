"""The active topics (categories) of the request form, kept in each process's memory.

Every form page and every new ticket reads them; admins edit them a few times a year. An edit
clears the copy at once in the process that saved it, other processes within a few seconds
(``helpcenter.memo``)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from helpcenter.memo import ProcessMemo
from tickets.models import Category


def _load() -> dict[int, Category]:
    # Insertion order is the model's ordering (position, then id).
    return {category.pk: category for category in Category.objects.filter(is_active=True)}


_active = ProcessMemo(_load)


def active() -> list[Category]:
    return list(_active.get().values())


def active_by_pk(pk: int) -> Category | None:
    return _active.get().get(pk)


@receiver([post_save, post_delete], sender=Category)
def forget(**kwargs: object) -> None:
    _active.clear()  # this transaction's own later reads
    transaction.on_commit(_active.clear)
