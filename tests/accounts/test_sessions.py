"""accounts.sessions: the session and its user's cached row read in one round trip give the
same user as Django's cached_db store, and every check of Django's get_user still runs."""

import pytest
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cached_db import SessionStore as DjangoStore
from django.core.cache import cache
from django.test import Client, RequestFactory

from accounts import backends
from accounts.sessions import SessionStore, _user_of_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def redis_sessions(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ReusingRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test-sessions",
        }
    }
    settings.SESSION_ENGINE = "accounts.sessions"


def _signed_in_session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.session.session_key


def _user_for(store_class, session_key: str):
    request = RequestFactory().get("/")
    request.session = store_class(session_key)
    return auth.get_user(request)


def _fields(user) -> dict:
    # Django's own bookkeeping differs between a row from the database and one unpickled.
    return {name: value for name, value in vars(user).items() if not name.startswith("_")}


def test_the_user_equals_the_one_djangos_cached_db_store_gives():
    key = _signed_in_session(UserFactory(first_name="Wei"))
    plain = _user_for(DjangoStore, key)

    first = _user_for(SessionStore, key)  # remembers whose session it is
    second = _user_for(SessionStore, key)  # reads the row with the session

    assert _fields(first) == _fields(second) == _fields(plain)
    assert second.first_name == "Wei"


def test_the_session_data_equals_djangos_cached_db_store():
    key = _signed_in_session(UserFactory())

    SessionStore(key).load()

    assert SessionStore(key).load() == DjangoStore(key).load()


def test_a_row_read_with_the_session_is_still_checked_against_the_session_hash():
    user = UserFactory()
    key = _signed_in_session(user)
    _user_for(SessionStore, key)
    user.set_password("another-password-2026")
    # Only the cached row changes, as if another process had saved it a moment ago.
    cache.set(backends.user_cache_key(user.pk), user, 60)

    assert isinstance(_user_for(SessionStore, key), AnonymousUser)


def test_a_deactivated_account_read_with_the_session_is_refused():
    user = UserFactory()
    key = _signed_in_session(user)
    _user_for(SessionStore, key)
    user.is_active = False
    cache.set(backends.user_cache_key(user.pk), user, 60)

    assert isinstance(_user_for(SessionStore, key), AnonymousUser)


def test_the_row_read_with_the_session_is_only_used_for_the_user_the_session_names():
    owner, other = UserFactory(), UserFactory()
    key = _signed_in_session(owner)
    _user_for(SessionStore, _signed_in_session(other))  # the other's row is in the cache
    _user_of_session.put(key, str(other.pk))  # a wrong memory of whose session it is

    assert _user_for(SessionStore, key).pk == owner.pk


def test_a_prefetched_row_is_handed_over_once_and_only_for_its_user():
    user = UserFactory()
    backends.prefetch_user(user.pk, user)

    assert backends.take_prefetched_user(user.pk + 1) is None
    backends.prefetch_user(user.pk, user)
    assert backends.take_prefetched_user(user.pk) is user
    assert backends.take_prefetched_user(user.pk) is None


def test_a_signed_out_session_signs_nobody_in():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    key = client.session.session_key
    _user_for(SessionStore, key)

    client.post("/en/account/logout/")

    assert isinstance(_user_for(SessionStore, key), AnonymousUser)
