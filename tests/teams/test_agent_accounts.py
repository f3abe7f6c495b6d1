"""accounts.roles.agent_accounts is the queryset form of accounts.roles.is_agent (routing
reads candidates with it in one query): both must name the same people."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import agent_accounts, is_agent
from teams import selectors
from teams.models import Team
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


def test_the_queryset_names_exactly_who_is_agent_names():
    people = [
        staff_user("agent"),
        staff_user("supervisor"),
        staff_user("admin"),
        staff_user("agent", is_active=False),
        UserFactory(is_staff=True),  # staff without a console role
        UserFactory(is_staff=True, is_superuser=True),
        UserFactory(),  # a customer
    ]
    outsider = UserFactory()  # in the agents' group but not staff
    outsider.groups.add(Group.objects.get(name="agent"))
    people.append(outsider)

    assert set(agent_accounts()) == {p for p in people if is_agent(p)}


def test_the_routing_table_is_read_again_after_a_team_changes():
    assert selectors.routing_table() == []
    team = Team.objects.create(name_en="Cards", name_zh_hans="银行卡")
    member = staff_user("agent")

    team.members.add(member)

    assert [route.members for route in selectors.routing_table()] == [frozenset({member.pk})]
