import importlib

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory, staff_user


@pytest.mark.django_db
def test_the_roles_migration_creates_the_groups():
    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0001_roles")
    Group.objects.all().delete()

    migration.create_roles(apps, None)

    assert set(Group.objects.values_list("name", flat=True)) == {"agent", "supervisor", "admin"}


@pytest.mark.django_db
def test_agent_enters_the_console(client, agent):
    client.force_login(agent)

    assert client.get("/en/console/").status_code == 200


@pytest.mark.django_db
def test_customer_is_refused_the_console(client, customer):
    client.force_login(customer)

    assert client.get("/en/console/").status_code == 403


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in_from_the_console(client):
    response = client.get("/en/console/")

    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.django_db
def test_staff_flag_without_a_role_does_not_open_the_console(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get("/en/console/").status_code == 403


@pytest.mark.django_db
def test_agent_is_refused_the_admin(client, agent):
    client.force_login(agent)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_supervisor_enters_the_admin(client, supervisor):
    client.force_login(supervisor)

    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_admin_role_may_edit_contact_channels(client):
    client.force_login(staff_user("admin"))

    assert client.get("/admin/helpcenter/contactchannel/").status_code == 200
