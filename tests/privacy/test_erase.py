"""Erasure: nothing that names the customer is left in any table or in the private file store,
the figures of the reports do not move, and the customer is told first."""

import pytest
from django.core import mail

from chat.models import Conversation
from core.models import AuditEntry
from privacy import services
from privacy.redaction import PLACEHOLDER
from tests.privacy.metrics import snapshot
from tests.privacy.scan import database_hits, private_store_hits
from tickets.models import Ticket


@pytest.fixture
def erase(django_capture_on_commit_callbacks):
    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.customer_erase(reason="Customer's request of 2026-11-30", **kwargs)

    return run


def test_after_erasure_no_table_holds_the_customers_email_name_or_phone(zhao, emma, erase):
    assert database_hits(zhao.needles)  # the scan does see them before

    erase(email=zhao.email)

    assert database_hits(zhao.needles) == []


def test_after_erasure_the_private_store_holds_none_of_their_attachments(zhao, emma, erase):
    erase(email=zhao.email)

    hits = private_store_hits(
        hashes=zhao.attachment_hashes, names=zhao.attachment_files, needles=zhao.needles
    )
    assert hits == []


def test_the_metrics_are_the_same_before_and_after(zhao, emma, erase):
    before = snapshot()

    erase(email=zhao.email)

    assert snapshot() == before


def test_another_customers_data_is_untouched(zhao, emma, erase):
    erase(email=zhao.email)

    assert database_hits([emma.email, emma.name, emma.phone])
    assert Ticket.objects.filter(customer_email=emma.email).count() == 3
    assert private_store_hits(hashes=emma.attachment_hashes, names=[], needles=[])


def test_the_former_requests_and_chat_show_placeholders(zhao, emma, erase):
    erase(email=zhao.email)

    ticket = Ticket.objects.get(pk=zhao.tickets[0].pk)
    assert ticket.customer_name == PLACEHOLDER
    assert ticket.customer_email.endswith("@erased.invalid")
    assert ticket.messages.filter(author_kind="customer").get().body == PLACEHOLDER
    assert ticket.rating.score == 4
    assert ticket.rating.comment == ""
    chat = Conversation.objects.get(pk=zhao.conversation.pk)
    assert (chat.customer_name, chat.customer_email, chat.rating_score) == (PLACEHOLDER, "", 5)


def test_the_customer_is_emailed_before_their_address_goes(zhao, emma, erase):
    erase(email=zhao.email)

    notice = mail.outbox[-1]
    assert notice.to == [zhao.email]
    assert "erasing" in notice.body


def test_the_erasure_is_audited_by_internal_id_only(zhao, emma, erase):
    erase(email=zhao.email)

    entry = AuditEntry.objects.get(action="data_erased")
    assert entry.customer_id == zhao.user.pk
    assert entry.detail["reason"] == "Customer's request of 2026-11-30"
    assert entry.detail["counts"]["tickets.Ticket"] == 3


def test_an_erased_account_can_no_longer_sign_in(zhao, emma, erase, client):
    erase(email=zhao.email)

    zhao.user.refresh_from_db()
    assert not zhao.user.is_active
    assert not zhao.user.has_usable_password()
    assert not client.login(username=zhao.user.username, password="pass-word-123")


def test_a_failed_notice_erases_nothing(zhao, emma, settings):
    settings.EMAIL_BACKEND = "tests.privacy.failing_mail.Backend"

    with pytest.raises(services.ErasureError):
        services.customer_erase(email=zhao.email, reason="request")

    assert Ticket.objects.filter(customer_email=zhao.email).count() == 3
