"""Customer sign-up and e-mail confirmation: the link (sent in the sign-up language) works
once, for 24 hours, only the latest one works, resending is limited, and guest requests and
chats sent with the address join the account only once it is confirmed."""

import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts import emails
from accounts.models import CustomerProfile, EmailVerification
from chat.models import Conversation
from tests.accounts.factories import GuestChatFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

EMAIL = "li.na@example.com"
PASSWORD = "a-long-pass-phrase-42"
LINK_RE = re.compile(r"https?://[^/\s]+(/[^\s]*/account/email/confirm/[^/\s]+/)")


def sign_up(client, *, email=EMAIL, language="en"):
    data = {"name": "Li Na", "email": email, "password": PASSWORD}
    return client.post(f"/{language}/account/signup/", data)


def send_links() -> None:
    """What the Celery task does for every link still pending."""
    pending = EmailVerification.objects.filter(status=EmailVerification.Status.PENDING)
    for pk in pending.values_list("pk", flat=True):
        emails.send_verification_email(verification_id=pk)


def last_link_path() -> str:
    return LINK_RE.search(mail.outbox[-1].body).group(1)


def my_requests(client) -> str:
    return client.get("/en/requests/mine/").content.decode()


def test_sign_up_signs_in_shows_check_your_email_and_stores_the_site_language(client):
    response = sign_up(client, language="zh-hans")

    assert response.status_code == 302
    assert response.url == "/zh-hans/account/email/check/"
    assert CustomerProfile.objects.get(user__email=EMAIL).language == "zh-hans"
    page = client.get(response.url).content.decode()
    assert EMAIL in page
    assert "请查收邮件" in page


def test_the_link_is_e_mailed_in_the_sign_up_language(client):
    sign_up(client, language="zh-hans")

    send_links()

    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert message.subject == "确认您的邮箱地址"
    assert "/zh-hans/account/email/confirm/" in message.body
    assert "24" in message.body


def test_guest_requests_and_chats_stay_off_the_account_until_the_address_is_confirmed(
    client, category
):
    guest_ticket = TicketFactory(category=category, email=EMAIL.upper(), subject="Top-up missing")
    guest_chat = GuestChatFactory(customer_email=EMAIL)
    sign_up(client)
    send_links()

    before = my_requests(client)

    assert guest_ticket.reference not in before
    assert "confirm your e-mail address" in before
    assert Ticket.objects.get(pk=guest_ticket.pk).customer_id is None
    assert Conversation.objects.get(pk=guest_chat.pk).customer_id is None


def test_confirming_the_address_brings_its_guest_requests_and_chats_to_the_account(
    client, category
):
    guest_ticket = TicketFactory(category=category, email=EMAIL, subject="Top-up missing")
    someone_elses = TicketFactory(category=category, email="other@example.com")
    guest_chat = GuestChatFactory(customer_email=EMAIL)
    sign_up(client)
    send_links()

    response = client.post(last_link_path())

    assert response.status_code == 302
    assert response.url == "/en/requests/mine/"
    page = my_requests(client)
    assert guest_ticket.reference in page
    assert someone_elses.reference not in page
    assert Conversation.objects.get(pk=guest_chat.pk).customer.email == EMAIL
    assert CustomerProfile.objects.get(user__email=EMAIL).email_verified_at is not None


def test_opening_the_link_only_shows_a_button_so_mail_scanners_do_not_use_it(client, category):
    guest_ticket = TicketFactory(category=category, email=EMAIL)
    sign_up(client)
    send_links()

    response = client.get(last_link_path())

    assert response.status_code == 200
    assert "Confirm e-mail address" in response.content.decode()
    assert Ticket.objects.get(pk=guest_ticket.pk).customer_id is None


def test_a_used_link_is_refused_the_second_time(client):
    sign_up(client)
    send_links()
    path = last_link_path()
    client.post(path)

    response = client.post(path)

    assert response.status_code == 200
    assert "This link was already used" in response.content.decode()


def test_a_link_older_than_24_hours_is_refused_and_links_nothing(client, category):
    guest_ticket = TicketFactory(category=category, email=EMAIL)
    sign_up(client)
    send_links()

    with time_machine.travel(timezone.now() + timezone.timedelta(hours=24, minutes=1)):
        response = client.post(last_link_path())

    assert "This link has expired" in response.content.decode()
    assert Ticket.objects.get(pk=guest_ticket.pk).customer_id is None
    assert CustomerProfile.objects.get(user__email=EMAIL).email_verified_at is None


def test_a_link_just_under_24_hours_old_still_works(client):
    sign_up(client)
    send_links()

    with time_machine.travel(timezone.now() + timezone.timedelta(hours=23, minutes=59)):
        client.post(last_link_path())

    assert CustomerProfile.objects.get(user__email=EMAIL).email_verified_at is not None


def test_a_forged_link_is_refused(client):
    sign_up(client)
    send_links()
    path = last_link_path()
    forged = re.sub(r"/confirm/(\d+)\.", lambda m: f"/confirm/{int(m.group(1)) + 1}.", path)

    response = client.post(forged)

    assert "This link is not valid" in response.content.decode()


def test_a_resent_link_replaces_the_previous_one(client):
    sign_up(client)
    send_links()
    first = last_link_path()

    client.post("/en/account/email/resend/")
    send_links()
    second = last_link_path()

    assert first != second
    assert "A newer link was sent" in client.post(first).content.decode()
    client.post(second)
    assert CustomerProfile.objects.get(user__email=EMAIL).email_verified_at is not None


@pytest.mark.usefixtures("_early_in_an_hour")
def test_resending_is_limited_to_three_links_an_hour_per_account(client):
    sign_up(client)

    answers = [client.post("/en/account/email/resend/").status_code for _ in range(4)]

    assert answers == [302, 302, 302, 429]


def test_resending_needs_a_signed_in_account(client):
    response = client.post("/en/account/email/resend/")

    assert response.status_code == 302
    assert response.url.startswith("/en/account/login/")
