"""Supervisors read the audit log in the console, filter it and export it as CSV; agents do
not. Attachment downloads by staff and role changes are audited."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.audit import Action, audit_record
from core.models import AuditEntry
from tests.factories import UserFactory
from tests.tickets.factories import TicketFactory, png_bytes

pytestmark = pytest.mark.django_db


def test_a_supervisor_filters_the_log_by_action(client, supervisor):
    audit_record(action=Action.FREEZE, object_type="ticket", object_id="11", customer_id=5)
    audit_record(action=Action.VIEWED_WALLET, object_type="ticket", object_id="12")
    client.force_login(supervisor)

    html = client.get(
        reverse("wallet_console:audit"), {"action": "freeze"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "ticket 11" in html
    assert "ticket 12" not in html


def test_the_csv_export_has_every_matching_row(client, supervisor):
    audit_record(action=Action.FREEZE, object_type="ticket", object_id="11", customer_id=5)
    client.force_login(supervisor)

    response = client.get(reverse("wallet_console:audit"), {"customer": 5, "format": "csv"})

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("time,actor_id,actor_role,action")
    assert ",freeze," in lines[1]
    assert len(lines) == 2


def test_agents_cannot_read_the_log(client, agent):
    client.force_login(agent)

    assert client.get(reverse("wallet_console:audit")).status_code == 403


def test_a_staff_download_of_an_attachment_is_audited(client, agent, category):
    shot = SimpleUploadedFile("proof.png", png_bytes(), "image/png")
    ticket = TicketFactory(category=category, uploads=[shot])
    attachment = ticket.messages.get().attachments.get()
    client.force_login(agent)

    client.get(
        reverse(
            "tickets:ticket-file",
            kwargs={"reference": ticket.reference, "attachment_id": attachment.pk},
        )
    )

    entry = AuditEntry.objects.get(action=Action.DOWNLOADED_ATTACHMENT)
    assert (entry.actor_id, entry.object_id) == (agent.pk, str(attachment.pk))


def test_a_role_change_is_audited(db):
    user = UserFactory(is_staff=True)

    user.groups.add(Group.objects.get(name="supervisor"))

    entry = AuditEntry.objects.get(action=Action.ROLE_CHANGED)
    assert (entry.object_id, entry.detail) == (
        str(user.pk),
        {"change": "add", "groups": ["supervisor"]},
    )
