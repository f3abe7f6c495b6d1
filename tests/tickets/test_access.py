import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import UserFactory
from tests.tickets.factories import TicketFactory, png_bytes
from tickets import access, services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


def with_file(owner, category, name="private.png"):
    upload = SimpleUploadedFile(name, png_bytes(), "image/png")
    return TicketFactory(customer=owner, category=category, uploads=[upload])


def test_customer_reads_own_ticket_by_reference(client, alice, category):
    ticket = TicketFactory(customer=alice, category=category)
    client.force_login(alice)

    response = client.get(f"/en/requests/{ticket.reference}/")

    assert response.status_code == 200


def test_customer_cannot_read_another_customers_ticket_by_reference(client, alice, bob, category):
    bobs = TicketFactory(customer=bob, category=category)
    client.force_login(alice)

    response = client.get(f"/en/requests/{bobs.reference}/")

    assert response.status_code == 404


def test_anonymous_visitor_cannot_read_a_ticket_by_reference(client, bob, category):
    bobs = TicketFactory(customer=bob, category=category)

    response = client.get(f"/en/requests/{bobs.reference}/")

    assert response.status_code == 404


def test_customer_cannot_reply_to_another_customers_ticket(client, alice, bob, category):
    bobs = TicketFactory(customer=bob, category=category)
    client.force_login(alice)

    response = client.post(f"/en/requests/{bobs.reference}/reply/", {"body": "hi"})

    assert response.status_code == 404
    assert bobs.messages.count() == 1


def test_customer_cannot_download_another_tickets_attachment_by_id(client, alice, bob, category):
    mine = TicketFactory(customer=alice, category=category)
    bobs = with_file(bob, category)
    bobs_file = bobs.messages.get().attachments.get()
    client.force_login(alice)

    response = client.get(f"/en/requests/{mine.reference}/files/{bobs_file.pk}/")

    assert response.status_code == 404


def test_token_of_one_ticket_does_not_open_another_tickets_attachment(client, alice, bob, category):
    mine = TicketFactory(customer=alice, category=category)
    bobs_file = with_file(bob, category).messages.get().attachments.get()
    my_page = access.portal_url(mine, absolute=False)

    response = client.get(f"{my_page}files/{bobs_file.pk}/")

    assert response.status_code == 404


def test_token_with_another_tickets_id_is_refused(client, alice, bob, category):
    mine = TicketFactory(customer=alice, category=category)
    bobs = TicketFactory(customer=bob, category=category)
    my_token = access.portal_token(mine)
    forged = my_token.replace(f"{mine.pk}.", f"{bobs.pk}.", 1)

    response = client.get(f"/en/requests/t/{forged}/")

    assert response.status_code == 404


def test_rotated_token_stops_working(client, bob, category):
    ticket = TicketFactory(customer=bob, category=category)
    old = access.portal_url(ticket, absolute=False)

    services.ticket_rotate_portal_link(ticket=ticket, by=None)

    assert client.get(old).status_code == 404
    assert client.get(access.portal_url(Ticket.objects.get(), absolute=False)).status_code == 200


def test_owner_downloads_attachment_with_safe_headers(client, alice, category):
    ticket = with_file(alice, category, name="screen shot.png")
    attachment = ticket.messages.get().attachments.get()
    client.force_login(alice)

    response = client.get(f"/en/requests/{ticket.reference}/files/{attachment.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert "screen shot.png" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:4] == b"\x89PNG"


def test_agent_reads_any_ticket_by_reference(client, agent, bob, category):
    bobs = TicketFactory(customer=bob, category=category)
    client.force_login(agent)

    assert client.get(f"/en/requests/{bobs.reference}/").status_code == 200


def test_customer_never_gets_the_files_of_an_internal_note(client, agent, alice, category):
    ticket = TicketFactory(customer=alice, category=category)
    note = services.ticket_reply(
        ticket=ticket,
        author=agent,
        body="internal",
        internal=True,
        uploads=[SimpleUploadedFile("n.png", png_bytes(), "image/png")],
    )
    client.force_login(alice)

    response = client.get(f"/en/requests/{ticket.reference}/files/{note.attachments.get().pk}/")

    assert response.status_code == 404


def test_ticket_get_for_refuses_another_customer(alice, bob, category):
    bobs = TicketFactory(customer=bob, category=category)

    with pytest.raises(Ticket.DoesNotExist):
        access.ticket_get_for(alice, bobs.reference)


def test_my_list_shows_only_my_tickets(client, alice, bob, category):
    TicketFactory(customer=alice, category=category, subject="Alice's problem")
    TicketFactory(customer=bob, category=category, subject="Bob's problem")
    client.force_login(alice)

    page = client.get("/en/requests/mine/").content.decode()

    assert "Alice&#x27;s problem" in page
    assert "Bob" not in page
