"""A signed-in customer asks for their data and gets a link by e-mail that works once, for
them, until it expires."""

import re
import zipfile
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core.models import AuditEntry
from privacy import services
from privacy.models import ExportArchive
from tests.factories import UserFactory


@pytest.fixture
def emailed_link(zhao, emma, client, django_capture_on_commit_callbacks) -> str:
    client.force_login(zhao.user)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/en/privacy/export/")
    assert response.status_code == 302
    archive = ExportArchive.objects.get(by_customer=True)
    services.export_request_build(archive_id=archive.pk)  # what the Celery task does
    return re.search(r"https?://\S+/privacy/download/\S+/", mail.outbox[-1].body).group(0)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def test_the_customer_receives_a_link_to_their_archive(zhao, emailed_link, client):
    response = client.get(path_of(emailed_link))

    assert response.status_code == 200
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    assert zhao.tickets[0].reference in archive.read("data.json").decode()
    assert mail.outbox[-1].to == [zhao.email]


def test_the_link_works_once(emailed_link, client):
    client.get(path_of(emailed_link))

    again = client.get(path_of(emailed_link))

    assert again.status_code == 410
    assert "used already" in again.content.decode()


def test_the_link_expires(emailed_link, client):
    with time_machine.travel(timezone.now() + timezone.timedelta(days=8)):
        response = client.get(path_of(emailed_link))

    assert response.status_code == 410


def test_the_link_is_only_for_the_account_that_asked(emailed_link, client):
    client.force_login(UserFactory())

    assert client.get(path_of(emailed_link)).status_code == 410


def test_a_guessed_key_is_refused(emailed_link, client):
    guessed = re.sub(r"/[^/]+/$", "/not-the-key/", path_of(emailed_link))

    assert client.get(guessed).status_code == 410


def test_the_request_and_the_export_are_audited(zhao, emailed_link):
    actions = set(
        AuditEntry.objects.filter(customer_id=zhao.user.pk).values_list("action", flat=True)
    )

    assert {"data_export_requested", "data_exported"} <= actions


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/en/privacy/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
