"""The account page: changing the e-mail address (confirmed at the new address, which then
brings its guest requests) and closing the account (deactivation until deletion exists)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from accounts import emails, services
from accounts.models import CustomerProfile, EmailVerification
from tests.factories import UserFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"
LINK_RE = re.compile(r"https?://[^/\s]+(/[^\s]*/account/email/confirm/[^/\s]+/)")


@pytest.fixture
def member(client):
    """A signed-in customer whose address is confirmed, e-mails in English."""
    user = UserFactory(username="li.na@example.com", email="li.na@example.com")
    CustomerProfile.objects.create(user=user, language="en")
    services.email_confirmed_by_password_reset(user=user)
    client.force_login(user)
    return user


def change_email(client, new_email, password=PASSWORD):
    return client.post("/en/account/email/change/", {"new_email": new_email, "password": password})


def open_last_link(client):
    pending = EmailVerification.objects.get(status=EmailVerification.Status.PENDING)
    emails.send_verification_email(verification_id=pending.pk)
    return client.post(LINK_RE.search(mail.outbox[-1].body).group(1))


def test_the_account_page_shows_the_address_and_that_it_is_confirmed(client, member):
    page = client.get("/en/account/").content.decode()

    assert "li.na@example.com" in page
    assert "Confirmed" in page


def test_an_e_mail_change_keeps_the_old_address_until_the_new_one_is_confirmed(client, member):
    response = change_email(client, "New.Address@example.com")

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "li.na@example.com"
    assert EmailVerification.objects.get(status="pending").email == "new.address@example.com"


def test_the_change_link_goes_to_the_new_address(client, member):
    change_email(client, "new.address@example.com")

    open_last_link(client)

    assert mail.outbox[-1].to == ["new.address@example.com"]
    assert mail.outbox[-1].subject == "Confirm your new e-mail address"


def test_confirming_the_new_address_changes_the_sign_in_name_and_claims_its_guest_requests(
    client, member, category
):
    guest_ticket = TicketFactory(category=category, email="new.address@example.com")
    change_email(client, "new.address@example.com")

    open_last_link(client)

    member.refresh_from_db()
    assert (member.email, member.username) == ("new.address@example.com", "new.address@example.com")
    assert Ticket.objects.get(pk=guest_ticket.pk).customer_id == member.pk


def test_an_e_mail_change_needs_the_current_password(client, member):
    response = change_email(client, "new.address@example.com", password="wrong")

    assert response.status_code == 400
    assert "Your password is not correct." in response.content.decode()
    assert not EmailVerification.objects.filter(status="pending").exists()


def test_an_e_mail_change_to_another_accounts_address_is_refused(client, member):
    UserFactory(username="taken", email="taken@example.com")

    response = change_email(client, "TAKEN@example.com")

    assert response.status_code == 400
    assert "An account with this e-mail already exists." in response.content.decode()


def test_a_change_link_is_refused_if_another_account_took_the_address_meanwhile(client, member):
    change_email(client, "new.address@example.com")
    UserFactory(username="quick", email="new.address@example.com")

    response = open_last_link(client)

    assert "Another account uses this e-mail address now." in response.content.decode()
    member.refresh_from_db()
    assert member.email == "li.na@example.com"


@pytest.mark.usefixtures("_early_in_an_hour")
def test_changes_and_resends_share_three_e_mails_an_hour(client, member):
    answers = [change_email(client, f"n{n}@example.com").status_code for n in range(3)]
    answers.append(client.post("/en/account/email/resend/").status_code)

    assert answers == [302, 302, 302, 429]


def test_closing_the_account_deactivates_it_signs_out_and_says_so(client, member):
    response = client.post("/en/account/close/", {"password": PASSWORD})

    assert "We deactivated your account" in response.content.decode()
    assert not get_user_model().objects.get(pk=member.pk).is_active
    assert "_auth_user_id" not in client.session
    assert not client.login(username=member.email, password=PASSWORD)


def test_closing_the_account_needs_the_current_password(client, member):
    response = client.post("/en/account/close/", {"password": "wrong"})

    assert response.status_code == 400
    assert get_user_model().objects.get(pk=member.pk).is_active


def test_staff_have_no_customer_account_page(client, agent):
    client.force_login(agent)

    assert client.get("/en/account/").status_code == 403
