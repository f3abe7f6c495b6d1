from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


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
