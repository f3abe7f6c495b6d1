"""How people sign in, and how a signed-in request finds its user.

A signed-in request loads its user on every page. ``get_user`` keeps the row in the cache
(Redis in production) so that the common request makes no query for it; any save or delete of
the user drops the cached row first (``forget_cached_user``), so a deactivated account, a new
password (which ends the other sessions through the session hash) or a changed role is seen by
the next request. Group membership is not in the cached row: role checks query it.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

USER_CACHE_SECONDS = 300


def _user_key(user_id: Any) -> str:
    return f"auth:user:{user_id}"


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
        user = cache.get(_user_key(user_id))
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            cache.set(_user_key(user_id), user, USER_CACHE_SECONDS)
        return user if self.user_can_authenticate(user) else None


@receiver([pre_save, post_save, post_delete], sender=get_user_model())
def forget_cached_user(instance: Any, **kwargs: Any) -> None:
    """Before the change, and again once it commits: a request that cached the old row while
    the transaction was open is dropped by the last delete."""
    if instance.pk is not None:
        key = _user_key(instance.pk)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))
