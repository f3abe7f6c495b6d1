import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.tickets.factories import TicketFactory, png_bytes
from tickets import access, services
from tickets.models import Notification, Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]


@pytest.fixture
def page(category):
    ticket = TicketFactory(category=category, language="en")
    return ticket, access.portal_url(ticket, absolute=False)


def test_portal_shows_public_thread_but_not_internal_notes(client, page, agent):
    ticket, url = page
    services.ticket_reply(ticket=ticket, author=agent, body="Public answer")
    services.ticket_reply(ticket=ticket, author=agent, body="Internal remark", internal=True)

    html = client.get(url).content.decode()

    assert "Public answer" in html
    assert "Internal remark" not in html


def test_customer_replies_with_a_screenshot_through_the_secret_link(client, page):
    ticket, url = page
    shot = SimpleUploadedFile("proof.png", png_bytes(), "image/png")

    response = client.post(f"{url}reply/", {"body": "Here is the proof", "attachments": [shot]})

    message = ticket.messages.last()
    assert response.status_code == 302
    assert (message.body, message.author_kind) == ("Here is the proof", "customer")
    assert message.attachments.get().original_name == "proof.png"


def test_empty_reply_is_refused_and_files_must_be_attached_again(client, page):
    _ticket, url = page
    shot = SimpleUploadedFile("proof.png", png_bytes(), "image/png")

    response = client.post(f"{url}reply/", {"body": "", "attachments": [shot]})

    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in html
    assert "please attach them again" in html


def test_customer_marks_the_request_solved_and_rates_it(client, page):
    ticket, url = page

    client.post(f"{url}solve/")
    client.post(f"{url}rate/", {"score": "5", "comment": "Quick help"})

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.SOLVED
    assert (ticket.rating.score, ticket.rating.comment) == (5, "Quick help")


def test_rating_out_of_range_is_refused(client, page, agent):
    ticket, url = page
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)

    response = client.post(f"{url}rate/", {"score": "9"})

    assert response.status_code == 400
    assert not hasattr(Ticket.objects.get(), "rating")


def test_replacing_the_link_emails_a_new_one_and_kills_the_old(client, page):
    ticket, url = page

    client.post(f"{url}new-link/")

    assert client.get(url).status_code == 404
    assert Notification.objects.filter(ticket=ticket, kind="portal_link").count() == 1


def test_closed_request_offers_a_new_request_instead_of_a_reply(client, page, agent):
    ticket, url = page
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.CLOSED, by=agent)

    html = client.get(url).content.decode()

    assert "This request is closed." in html
    assert 'action="' + url + 'reply/"' not in html


def test_portal_page_is_in_chinese_under_the_chinese_prefix(client, category):
    ticket = TicketFactory(category=category, language="zh-hans")

    html = client.get(access.portal_url(ticket, absolute=False)).content.decode()

    assert "发送回复" in html


def test_secret_link_speaks_for_the_customer_even_when_someone_else_is_logged_in(
    client, page, customer
):
    ticket, url = page
    client.force_login(customer)

    client.post(f"{url}reply/", {"body": "Sent from my partner's laptop"})

    message = ticket.messages.last()
    assert (message.body, message.author, message.author_kind) == (
        "Sent from my partner's laptop",
        None,
        "customer",
    )
