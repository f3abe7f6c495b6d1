import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from tests.tickets.factories import TicketFactory
from tickets import notifications, services
from tickets.models import Notification, Ticket

pytestmark = pytest.mark.django_db


def send_all() -> list[int]:
    ids = list(
        Notification.objects.filter(status=Notification.Status.PENDING).values_list("id", flat=True)
    )
    for pk in ids:
        notifications.send(pk)
    return ids


def html_of(message) -> str:
    return message.alternatives[0][0]


def test_confirmation_has_reference_portal_link_and_both_parts(category):
    ticket = TicketFactory(category=category, language="en", subject="Card declined")

    send_all()

    (email,) = mail.outbox
    link = notifications.access.portal_url(ticket)
    assert email.to == [ticket.customer_email]
    assert email.subject == f"[{ticket.reference}] Card declined"
    assert f"Its reference is {ticket.reference}" in email.body
    assert link in email.body
    assert link in html_of(email)
    assert email.alternatives[0][1] == "text/html"


def test_confirmation_is_in_chinese_for_a_chinese_customer(category):
    ticket = TicketFactory(category=category, language="zh-hans")

    send_all()

    assert f"工单号为 {ticket.reference}" in mail.outbox[0].body
    assert "/zh-hans/requests/t/" in mail.outbox[0].body


def test_agent_reply_email_quotes_the_reply_and_threads_under_the_confirmation(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_reply(ticket=ticket, author=agent, body="Please send the receipt.")

    send_all()

    confirmation, reply = mail.outbox
    root = confirmation.extra_headers["Message-ID"]
    assert root == notifications.thread_root_id(ticket)
    assert root.startswith(f"<{ticket.reference.lower()}.")
    assert "Please send the receipt." in reply.body
    assert reply.subject == f"Re: [{ticket.reference}] {ticket.subject}"
    assert reply.extra_headers["In-Reply-To"] == root
    assert reply.extra_headers["References"] == root
    assert reply.extra_headers["Message-ID"] != root


def test_internal_note_is_never_emailed(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_reply(ticket=ticket, author=agent, body="secret note", internal=True)

    send_all()

    assert all("secret note" not in m.body for m in mail.outbox)


def test_solved_email_has_five_one_click_rating_links(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)

    send_all()

    solved = mail.outbox[-1]
    link = notifications.access.portal_url(ticket)
    for score in range(1, 6):
        assert f"{link}?rate={score}#rate" in solved.body
    assert "marked as solved" in solved.body


def test_rating_link_opens_the_page_with_that_score_chosen(client, category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)
    path = notifications.access.portal_url(ticket, absolute=False)

    page = client.get(f"{path}?rate=4").content.decode()

    assert 'value="4" id="id_score_3" required checked' in page


def test_assignment_notice_goes_to_the_agent_with_a_console_link(category, agent, supervisor):
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)

    send_all()

    notice = mail.outbox[-1]
    assert notice.to == [agent.email]
    assert "assigned to you" in notice.body.lower() or "分配给您" in notice.body
    assert "/console/tickets/" in notice.body


def test_new_link_email_carries_the_new_link(category):
    ticket = TicketFactory(category=category)
    rotated = services.ticket_rotate_portal_link(ticket=ticket, by=None)

    send_all()

    assert notifications.access.portal_url(rotated) in mail.outbox[-1].body


def test_duplicate_task_runs_send_once(category):
    TicketFactory(category=category)
    notification = Notification.objects.get()

    results = [notifications.send(notification.pk) for _ in range(3)]

    assert results == [True, False, False]
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)


def test_failed_send_stays_pending_and_the_sweep_sends_it_once(category, monkeypatch):
    start = time_machine.travel("2026-11-20 10:00 +0000", tick=False)
    start.start()
    TicketFactory(category=category)
    notification = Notification.objects.get()
    real_send = EmailMultiAlternatives.send

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    notifications.send(notification.pk)
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    start.stop()

    with time_machine.travel("2026-11-20 10:05 +0000", tick=False):
        requeued = notifications.requeue_stale()
        for pk in requeued:
            notifications.send(pk)
        notifications.send(notification.pk)

    notification.refresh_from_db()
    assert requeued == [notification.pk]
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert "SMTPServerDisconnected" in notification.last_error
    assert len(mail.outbox) == 1


def test_recently_queued_rows_are_not_requeued(category):
    TicketFactory(category=category)

    assert notifications.requeue_stale() == []


def test_message_id_is_the_same_when_an_email_is_built_again(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_reply(ticket=ticket, author=agent, body="Hi")
    reply = Notification.objects.get(kind=Notification.Kind.AGENT_REPLY)

    first = notifications.build_email(reply).extra_headers["Message-ID"]
    second = notifications.build_email(reply).extra_headers["Message-ID"]

    assert first == second


def test_a_row_another_worker_is_sending_is_not_sent_again(category):
    TicketFactory(category=category)
    notification = Notification.objects.get()
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENDING, claimed_at=timezone.now(), attempts=1
    )

    assert notifications.send(notification.pk) is False
    assert mail.outbox == []


def test_the_sweep_sends_a_row_left_sending_by_a_dead_worker_with_the_same_message_id(category):
    TicketFactory(category=category)
    notification = Notification.objects.get()
    message_id = notifications.build_email(notification).extra_headers["Message-ID"]
    with time_machine.travel("2026-11-20 10:00 +0000", tick=False):
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.SENDING, claimed_at=timezone.now(), attempts=1
        )

    with time_machine.travel("2026-11-20 10:05:01 +0000", tick=False):
        requeued = notifications.requeue_stale()
        notifications.send(notification.pk)

    notification.refresh_from_db()
    assert requeued == [notification.pk]
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id


def test_the_sweep_leaves_a_row_that_is_still_being_sent(category):
    TicketFactory(category=category)
    notification = Notification.objects.get()
    with time_machine.travel("2026-11-20 10:00 +0000", tick=False):
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.SENDING,
            claimed_at=timezone.now(),
            queued_at=timezone.now(),
            attempts=1,
        )

    with time_machine.travel("2026-11-20 10:04 +0000", tick=False):
        requeued = notifications.requeue_stale()

    notification.refresh_from_db()
    assert requeued == []
    assert notification.status == Notification.Status.SENDING


def test_a_row_whose_worker_died_on_every_attempt_is_failed_not_retried_forever(category):
    TicketFactory(category=category)
    notification = Notification.objects.get()
    with time_machine.travel("2026-11-20 10:00 +0000", tick=False):
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.SENDING,
            claimed_at=timezone.now(),
            attempts=notifications.MAX_ATTEMPTS,
        )

    with time_machine.travel("2026-11-20 10:06 +0000", tick=False):
        requeued = notifications.requeue_stale()

    notification.refresh_from_db()
    assert requeued == []
    assert notification.status == Notification.Status.FAILED
    assert notification.last_error.startswith("WorkerLost")
