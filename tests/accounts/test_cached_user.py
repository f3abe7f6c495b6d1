"""accounts.backends keeps signed-in users in the cache: the next request sees any change."""

import pytest
from django.test import Client

from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db(transaction=True)


def _signed_in(client: Client, url: str = "/en/requests/mine/") -> bool:
    return client.get(url).status_code == 200


def test_a_deactivated_account_is_signed_out_at_its_next_request():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert _signed_in(client)
    assert _signed_in(client)  # now from the cache

    user.is_active = False
    user.save()

    assert not _signed_in(client)


def test_a_new_password_ends_the_other_sessions():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert _signed_in(client)

    user.set_password("a-new-password-2026")
    user.save()

    assert not _signed_in(client)


def test_a_removed_staff_flag_closes_the_console():
    agent = staff_user("agent")
    client = Client()
    client.force_login(agent)
    assert client.get("/en/console/").status_code == 200

    agent.is_staff = False
    agent.save()

    assert client.get("/en/console/").status_code in (302, 403)
