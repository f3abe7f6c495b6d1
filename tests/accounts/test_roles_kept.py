"""A signed-in staff member's console roles travel with their cached row (accounts.backends),
so a console page reads no group table; every way of changing membership is seen by the
next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import AGENT
from tests.factories import staff_user

pytestmark = pytest.mark.django_db(transaction=True)

CONSOLE = "/en/console/"


@pytest.fixture
def signed_in():
    agent = staff_user(AGENT)
    client = Client()
    client.force_login(agent)
    assert client.get(CONSOLE).status_code == 200  # caches the row with its roles
    return agent, client


def _group_reads(client: Client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(CONSOLE).status_code
    return status, [q["sql"] for q in queries.captured_queries if "auth_group" in q["sql"]]


def test_a_console_page_reads_no_group_once_the_row_is_cached(signed_in):
    _agent, client = signed_in
    status, reads = _group_reads(client)
    assert status == 200
    assert reads == []


def test_removal_through_the_group_is_refused_on_the_next_request(signed_in):
    agent, client = signed_in
    Group.objects.get(name=AGENT).user_set.remove(agent)
    assert client.get(CONSOLE).status_code == 403


def test_removal_through_the_user_is_refused_on_the_next_request(signed_in):
    agent, client = signed_in
    agent.groups.clear()
    assert client.get(CONSOLE).status_code == 403


def test_clearing_the_group_is_refused_on_the_next_request(signed_in):
    _agent, client = signed_in
    Group.objects.get(name=AGENT).user_set.clear()
    assert client.get(CONSOLE).status_code == 403


def test_renaming_the_group_is_refused_on_the_next_request(signed_in):
    _agent, client = signed_in
    group = Group.objects.get(name=AGENT)
    group.name = "former-agents"
    group.save()
    assert client.get(CONSOLE).status_code == 403


def test_deleting_the_group_is_refused_on_the_next_request(signed_in):
    _agent, client = signed_in
    Group.objects.get(name=AGENT).delete()
    assert client.get(CONSOLE).status_code == 403


def test_a_role_given_through_the_group_is_seen_on_the_next_request():
    user = staff_user(AGENT)
    user.groups.clear()
    client = Client()
    client.force_login(user)
    assert client.get(CONSOLE).status_code == 403  # caches the row without roles
    Group.objects.get(name=AGENT).user_set.add(user)
    assert client.get(CONSOLE).status_code == 200
