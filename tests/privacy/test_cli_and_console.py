"""The command line and the console do the same: one customer erased by each leaves the same
anonymous rows, and an export made by each holds the same archive."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from chat.models import Conversation
from core.models import AuditEntry
from privacy.models import ExportArchive
from tests.factories import staff_user
from tests.privacy.scan import database_hits
from tickets.models import Ticket


@pytest.fixture
def supervisor_client(client, db):
    client.force_login(staff_user("supervisor", username="sup"))
    return client


def console_erase(client, email: str, reason: str) -> None:
    first = client.post("/en/console/privacy/erase/", {"email": email, "reason": reason})
    assert first.status_code == 200
    second = client.post(
        "/en/console/privacy/erase/",
        {"email": email, "reason": reason, "confirm": "on", "confirm_step": "1"},
    )
    assert second.status_code == 302


def erased_view(person) -> dict:
    """What is left of a customer, with the ids and tokens that differ between two people
    taken out."""
    tickets = Ticket.objects.filter(pk__in=[t.pk for t in person.tickets]).order_by("pk")
    chat = Conversation.objects.get(pk=person.conversation.pk)
    user = type(person.user).objects.get(pk=person.user.pk)
    return {
        "tickets": [
            (
                t.status,
                t.customer_name,
                t.subject,
                t.transaction_number,
                t.error_message,
                t.details,
                t.customer_email.startswith("erased-"),
                sorted(t.messages.values_list("author_kind", "body").exclude(author_kind="agent")),
                t.messages.filter(attachments__isnull=False).count(),
            )
            for t in tickets
        ],
        "chat": (
            chat.customer_name,
            chat.customer_email,
            chat.rating_score,
            chat.rating_comment,
            sorted(chat.messages.filter(sender_kind="customer").values_list("body", flat=True)),
        ),
        "user": (user.email, user.first_name, user.last_name, user.is_active),
        "left": database_hits(person.needles),
        "audit": AuditEntry.objects.get(action="data_erased", customer_id=user.pk).detail["counts"],
    }


def test_erasing_from_the_command_line_and_the_console_gives_the_same_result(
    zhao, emma, supervisor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "customer_erase", zhao.email, "--reason", "request", "--yes", stdout=io.StringIO()
        )
        console_erase(supervisor_client, emma.email, "request")

    assert erased_view(zhao) == erased_view(emma)
    assert erased_view(zhao)["left"] == []


def archive_data(raw: bytes) -> tuple[dict, dict]:
    archive = zipfile.ZipFile(io.BytesIO(raw))
    data = json.loads(archive.read("data.json"))
    data.pop("generated_at")
    # Each export is itself audited; the second archive lists the first.
    data["audit"] = [e for e in data["audit"] if e["action"] != "data_exported"]
    files = {n: archive.read(n) for n in archive.namelist() if n != "data.json"}
    return data, files


def test_exporting_from_the_command_line_and_the_console_gives_the_same_archive(
    zhao, emma, supervisor_client, tmp_path
):
    out = tmp_path / "zhao.zip"
    call_command("customer_export", zhao.email, "--out", str(out), stdout=io.StringIO())
    response = supervisor_client.post("/en/console/privacy/export/", {"email": zhao.email})
    assert response.status_code == 302
    archive = ExportArchive.objects.get(by_customer=False)
    download = supervisor_client.get(f"/en/console/privacy/exports/{archive.pk}/")

    assert archive_data(b"".join(download.streaming_content)) == archive_data(out.read_bytes())


def test_the_command_refuses_an_unknown_customer(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No customer"):
        call_command("customer_erase", "nobody@example.com", "--reason", "x", "--yes")
