"""The audit log: one writer, and no way to change or remove a row (application, admin and,
for UPDATE everywhere and DELETE on PostgreSQL, the database itself)."""

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from core.audit import Action, audit_record
from core.models import AuditEntry, AuditImmutable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _entry() -> AuditEntry:
    return audit_record(action=Action.FREEZE, object_type="ticket", object_id="HC-1", customer_id=7)


def test_audit_record_keeps_actor_role_address_and_customer_id() -> None:
    agent = UserFactory(is_staff=True)
    agent.groups.add(Group.objects.get(name="agent"))
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    request.user = agent

    entry = audit_record(
        action=Action.VIEWED_WALLET,
        request=request,
        object_type="ticket",
        object_id=5,
        customer_id=42,
        detail={"panel": "wallet"},
    )

    entry.refresh_from_db()
    assert (entry.actor_id, entry.actor_role, entry.address) == (agent.pk, "agent", "203.0.113.9")
    assert (entry.object_type, entry.object_id, entry.customer_id) == ("ticket", "5", 42)
    assert entry.detail == {"panel": "wallet"}


def test_saving_an_existing_entry_is_refused() -> None:
    entry = _entry()
    entry.object_id = "HC-2"

    with pytest.raises(AuditImmutable):
        entry.save()


def test_deleting_an_entry_is_refused() -> None:
    entry = _entry()

    with pytest.raises(AuditImmutable):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_are_refused() -> None:
    _entry()

    with pytest.raises(AuditImmutable):
        AuditEntry.objects.all().update(object_id="x")
    with pytest.raises(AuditImmutable):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_an_update_by_raw_sql() -> None:
    entry = _entry()

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET object_id = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.object_id == "HC-1"


@pytest.mark.postgresql
def test_postgresql_refuses_a_delete_by_raw_sql() -> None:
    # SQLite keeps DELETE possible for the test suite's flush (migration 0005 says why).
    entry = _entry()

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_admin_offers_no_add_change_or_delete(client) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    entry = _entry()

    add = client.get(reverse("admin:core_auditentry_add"), HTTP_ACCEPT_LANGUAGE="en")
    change = client.post(
        reverse("admin:core_auditentry_change", args=[entry.pk]),
        {"object_id": "x"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    delete = client.post(
        reverse("admin:core_auditentry_delete", args=[entry.pk]),
        {"post": "yes"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    entry.refresh_from_db()
    assert entry.object_id == "HC-1"
