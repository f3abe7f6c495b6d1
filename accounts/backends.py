"""How people sign in, and how a signed-in request finds its user.

A signed-in request loads its user on every page. ``get_user`` keeps the row in the cache
(Redis in production) so that the common request makes no query for it; any save or delete of
the user drops the cached row first (``forget_cached_user``), so a deactivated account, a new
password (which ends the other sessions through the session hash) or a changed role is seen by
the next request. The row carries the user's console roles (``accounts.roles.role_names``, read
when the row is cached), so a console page makes no query for them either; a change of group
membership from either side, or of a group itself, drops the rows of the users concerned
(``forget_cached_members``).

With Redis the session store reads the row together with the session (``accounts.sessions``)
and hands it over with ``prefetch_user``: it is the row that that same round trip found in the
cache, taken once by the ``get_user`` that follows the session's load on the same thread.
"""

import threading
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.roles import role_names
from core.cache import forget

USER_CACHE_SECONDS = 300


def user_cache_key(user_id: Any) -> str:
    """The cache key of the user's row."""
    return f"auth:user:{user_id}"


_prefetched = threading.local()


def prefetch_user(user_id: Any, user: Any) -> None:
    """The cached row of ``user_id``, just read with this thread's session."""
    _prefetched.user = (str(user_id), user)


def forget_prefetched_user() -> None:
    _prefetched.user = None


def take_prefetched_user(user_id: Any) -> Any:
    """The row prefetched for ``user_id`` on this thread, once; None if there is none."""
    prefetched = getattr(_prefetched, "user", None)
    _prefetched.user = None
    if prefetched is None or prefetched[0] != str(user_id):
        return None
    return prefetched[1]


class EmailOrUsernameBackend(ModelBackend):
    """Customers sign in with their e-mail, staff with either; the e-mail match is exact-case
    insensitive and must be unique, otherwise the username is tried."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ):
        if username and "@" in username:
            matches = list(get_user_model().objects.filter(email__iexact=username)[:2])
            if len(matches) == 1:
                username = matches[0].get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: Any):
        user = take_prefetched_user(user_id)
        if user is None:
            user = cache.get(user_cache_key(user_id))
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            role_names(user)  # kept on the object, so cached with the row
            cache.set(user_cache_key(user_id), user, USER_CACHE_SECONDS)
        return user if self.user_can_authenticate(user) else None


@receiver([pre_save, post_save, post_delete], sender=get_user_model())
def forget_cached_user(instance: Any, **kwargs: Any) -> None:
    """Before the change, and again once it commits: a request that cached the old row while
    the transaction was open is dropped by the last delete."""
    if instance.pk is not None:
        _forget_users([instance.pk])


def _forget_users(user_ids: Any) -> None:
    forget([user_cache_key(user_id) for user_id in user_ids])


@receiver(m2m_changed, sender=get_user_model().groups.through)
def forget_cached_members(
    instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """Group membership changed: through the user (``user.groups``), its own row; through the
    group (``group.user_set``), the rows of the users added or removed, or, when the group is
    cleared, of everyone who was in it (read before the clear)."""
    if not reverse:
        if action.startswith("post_"):
            _forget_users([instance.pk])
    elif action == "pre_clear":
        _forget_users(list(instance.user_set.values_list("pk", flat=True)))
    elif action.startswith("post_") and pk_set:
        _forget_users(pk_set)


@receiver([pre_save, pre_delete], sender=Group)
def forget_cached_group_members(instance: Any, **kwargs: Any) -> None:
    """A renamed or deleted group changes its members' roles (a deletion removes the
    memberships without an m2m signal)."""
    if instance.pk is not None:
        _forget_users(list(instance.user_set.values_list("pk", flat=True)))
