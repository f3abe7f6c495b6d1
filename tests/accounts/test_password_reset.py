"""Password reset by e-mail, Django's views in the site's pages: linked from the sign-in page,
the same answer whether or not the address has an account, the e-mail in the account's
language, a few e-mails an hour per address, and completing it confirms the address."""

import re

import pytest
from django.core import mail

from accounts.models import CustomerProfile
from tests.factories import UserFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

RESET_RE = re.compile(r"https?://[^/\s]+(/[^\s]*/account/reset/[^\s]+/)")


@pytest.fixture
def member():
    user = UserFactory(username="li.na@example.com", email="li.na@example.com")
    CustomerProfile.objects.create(user=user, language="zh-hans")
    return user


def ask_reset(client, email, language="en"):
    return client.post(f"/{language}/account/password-reset/", {"email": email})


def test_the_sign_in_page_links_to_password_reset(client):
    page = client.get("/en/account/login/").content.decode()

    assert 'href="/en/account/password-reset/"' in page


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, member):
    known = ask_reset(client, member.email)
    unknown = ask_reset(client, "nobody@example.com")

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_the_reset_e_mail_is_in_the_accounts_language(client, member):
    ask_reset(client, member.email, language="en")

    (message,) = mail.outbox
    assert message.subject == "重置您的帮助中心密码"
    assert "/zh-hans/account/reset/" in message.body


def test_at_most_three_reset_e_mails_an_hour_go_to_one_address(client, member):
    answers = [ask_reset(client, member.email.upper()).status_code for _ in range(5)]

    assert answers == [302] * 5
    assert len(mail.outbox) == 3


def test_completing_a_reset_sets_the_password_and_confirms_the_address(client, member, category):
    guest_ticket = TicketFactory(category=category, email=member.email)
    ask_reset(client, member.email)
    form_page = client.get(RESET_RE.search(mail.outbox[0].body).group(1))

    done = client.post(
        form_page.url,
        {"new_password1": "another-long-phrase-7", "new_password2": "another-long-phrase-7"},
    )

    assert done.status_code == 302
    assert client.login(username=member.email, password="another-long-phrase-7")
    assert Ticket.objects.get(pk=guest_ticket.pk).customer_id == member.pk
