"""IMAP polling against a real dovecot: filed once, marked only after storing, one poller per
mailbox."""

import datetime as dt

import pytest
from django.utils import timezone
from imap_tools import MailBoxUnencrypted

from email_channel import imap, secrets, tasks
from email_channel.models import InboundEmail, Mailbox
from tests.email_channel.mails import build
from tests.tickets.factories import TicketFactory
from tickets import mail_ids
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_rates_open")]


def connect(dovecot, user: str = "support") -> MailBoxUnencrypted:
    return MailBoxUnencrypted("127.0.0.1", dovecot.port).login(user, f"secret-{user}")


def deliver(dovecot, *messages: bytes) -> None:
    with connect(dovecot) as client:
        for raw in messages:
            client.append(raw, "INBOX", flag_set=())


def unseen(dovecot, folder: str = "INBOX") -> int:
    with connect(dovecot) as client:
        client.folder.set(folder)
        return len(client.uids("UNSEEN"))


@pytest.fixture
def mailbox(dovecot, monkeypatch):
    monkeypatch.setenv("TEST_IMAP_PASSWORD", "secret-support")
    return Mailbox.objects.create(
        name="Support",
        host="127.0.0.1",
        port=dovecot.port,
        security=Mailbox.Security.NONE,
        username="support",
        password_env="TEST_IMAP_PASSWORD",
    )


def test_poll_files_new_mail_and_marks_it_read(category, dovecot, mailbox):
    deliver(dovecot, build(subject="One"), build(subject="Two"))

    taken = imap.mailbox_poll(mailbox_id=mailbox.pk)

    assert taken == 2
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == ["One", "Two"]
    assert unseen(dovecot) == 0
    assert InboundEmail.objects.filter(mailbox=mailbox).count() == 2


def test_poll_takes_many_messages_in_batches_each_filed_once(
    category, dovecot, mailbox, monkeypatch
):
    monkeypatch.setattr(imap, "BATCH", 2)
    deliver(dovecot, *(build(subject=f"Batch {n}") for n in range(5)))

    taken = imap.mailbox_poll(mailbox_id=mailbox.pk)

    assert taken == 5
    assert Ticket.objects.count() == 5
    assert InboundEmail.objects.filter(mailbox=mailbox, status="filed").count() == 5
    assert unseen(dovecot) == 0


def test_poll_moves_filed_mail_to_the_configured_folder(category, dovecot, mailbox):
    with connect(dovecot) as client:
        if not client.folder.exists("Filed"):
            client.folder.create("Filed")
    mailbox.move_to = "Filed"
    mailbox.save()
    deliver(dovecot, build())

    imap.mailbox_poll(mailbox_id=mailbox.pk)

    with connect(dovecot) as client:
        assert client.uids("ALL") == []
        client.folder.set("Filed")
        assert len(client.uids("ALL")) == 1


def test_a_reply_fetched_by_imap_joins_its_thread(category, dovecot, mailbox):
    ticket = TicketFactory(category=category, email="wang@example.com")
    deliver(dovecot, build(to=mail_ids.reply_address(ticket.pk), body="Fetched reply."))

    imap.mailbox_poll(mailbox_id=mailbox.pk)

    assert ticket.messages.last().body == "Fetched reply."
    assert Ticket.objects.count() == 1


def test_a_crash_between_storing_and_marking_files_nothing_twice(
    category, dovecot, mailbox, monkeypatch
):
    deliver(dovecot, build(subject="Crash 1"), build(subject="Crash 2"))

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed after storing, before marking")

    with monkeypatch.context() as patch:
        patch.setattr(imap, "_mark", crash)
        with pytest.raises(RuntimeError):
            imap.mailbox_poll(mailbox_id=mailbox.pk)
    assert unseen(dovecot) == 2
    assert Ticket.objects.count() == 2

    imap.mailbox_poll(mailbox_id=mailbox.pk)

    assert Ticket.objects.count() == 2
    assert unseen(dovecot) == 0


def test_a_mailbox_leased_by_another_worker_is_not_fetched(category, dovecot, mailbox):
    deliver(dovecot, build())
    assert imap.lease_take(mailbox.pk, "other-worker")

    taken = imap.mailbox_poll(mailbox_id=mailbox.pk)

    assert taken == 0
    assert unseen(dovecot) == 1
    assert Ticket.objects.count() == 0


def test_an_expired_lease_of_a_dead_worker_is_taken_over(category, dovecot, mailbox):
    deliver(dovecot, build())
    Mailbox.objects.filter(pk=mailbox.pk).update(
        lease_owner="dead-worker", lease_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    taken = imap.mailbox_poll(mailbox_id=mailbox.pk)

    assert taken == 1
    assert Mailbox.objects.get(pk=mailbox.pk).lease_owner == ""


def test_the_beat_task_polls_with_an_encrypted_password(category, dovecot, mailbox):
    mailbox.password_env = ""
    mailbox.password_encrypted = secrets.encrypt("secret-support")
    mailbox.save()
    deliver(dovecot, build(subject="Via beat"))

    tasks.poll_mailboxes()

    assert Ticket.objects.get().subject == "Via beat"
    assert Mailbox.objects.get(pk=mailbox.pk).last_error == ""


def test_a_wrong_password_is_recorded_on_the_mailbox(category, dovecot, mailbox, monkeypatch):
    monkeypatch.setenv("TEST_IMAP_PASSWORD", "wrong")

    taken = imap.mailbox_poll(mailbox_id=mailbox.pk)

    assert taken == 0
    assert "MailboxLoginError" in Mailbox.objects.get(pk=mailbox.pk).last_error


def test_beat_polls_the_mailboxes_every_30_seconds():
    from helpcenter.celery import app

    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}

    assert schedule["email_channel.poll_mailboxes"] == 30.0
    assert "email_channel.poll_mailboxes" in app.tasks
