import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.tickets.factories import PDF_BYTES, png_bytes
from tickets.models import Notification, Ticket, TicketEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]


def form_data(category, **overrides):
    data = {
        "category": category.pk,
        "subject": "Payment failed at the supermarket",
        "description": "It says insufficient balance but I have 300 CNY.",
        "name": "Emma Clark",
        "email": "emma@example.com",
        "transaction_number": "TXN-2026-0042",
        "error_message": "E1001 insufficient balance",
        "website": "",
    }
    data.update(overrides)
    return data


def test_form_creates_a_ticket_and_opens_its_portal_page(client, category):
    response = client.post("/en/requests/new/", form_data(category))

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/en/requests/t/")
    assert ticket.reference.startswith("HC-")
    assert ticket.transaction_number == "TXN-2026-0042"
    assert ticket.language == "en"
    assert ticket.messages.get().body.startswith("It says insufficient")
    assert Notification.objects.get().kind == Notification.Kind.CREATED
    assert TicketEvent.objects.get().kind == TicketEvent.Kind.CREATED


def test_portal_page_after_submitting_shows_the_reference(client, category):
    response = client.post("/en/requests/new/", form_data(category), follow=True)

    page = response.content.decode()
    assert Ticket.objects.get().reference in page
    assert "Payment failed at the supermarket" in page


def test_logged_in_customer_gets_name_and_email_prefilled(client, customer, category):
    client.force_login(customer)

    page = client.get("/en/requests/new/").content.decode()

    assert f'value="{customer.email}"' in page


def test_logged_in_customer_ticket_is_linked_to_the_account(client, customer, category):
    client.force_login(customer)

    response = client.post("/en/requests/new/", form_data(category, email=customer.email))

    ticket = Ticket.objects.get()
    assert ticket.customer == customer
    assert response["Location"] == f"/en/requests/{ticket.reference}/"


def test_attachments_are_stored_with_the_first_message(client, category):
    files = [
        SimpleUploadedFile("shot.png", png_bytes(), "image/png"),
        SimpleUploadedFile("receipt.pdf", PDF_BYTES, "application/pdf"),
    ]

    client.post("/en/requests/new/", {**form_data(category), "attachments": files})

    stored = Ticket.objects.get().messages.get().attachments.order_by("id")
    assert [a.content_type for a in stored] == ["image/png", "application/pdf"]


def test_missing_fields_are_reported_in_english_and_input_is_kept(client, category):
    response = client.post("/en/requests/new/", form_data(category, description="", email="x"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in page
    assert "Enter a valid email address." in page
    assert "Payment failed at the supermarket" in page
    assert "TXN-2026-0042" in page
    assert not Ticket.objects.exists()


def test_missing_fields_are_reported_in_chinese(client, category):
    response = client.post(
        "/zh-hans/requests/new/", form_data(category, description="", transaction_number="a b")
    )

    page = response.content.decode()
    assert "这个字段是必填项。" in page
    assert "交易号由 4 到 64 个字母、数字或短横线组成" in page


def test_refused_attachment_is_named_and_the_form_says_files_must_be_attached_again(
    client, category
):
    fake = SimpleUploadedFile("screenshot.png", b"<html>hi</html>", "image/png")

    response = client.post("/en/requests/new/", {**form_data(category), "attachments": [fake]})

    page = response.content.decode()
    assert response.status_code == 400
    assert "“screenshot.png” cannot be attached" in page
    assert "please attach them again" in page
    assert "Payment failed at the supermarket" in page


def test_refused_attachment_is_explained_in_chinese(client, category):
    fake = SimpleUploadedFile("a.svg", b"<svg><script>1</script></svg>", "image/svg+xml")

    response = client.post("/zh-hans/requests/new/", {**form_data(category), "attachments": [fake]})

    assert "“a.svg” 无法上传" in response.content.decode()


def test_more_than_five_attachments_are_refused(client, category):
    files = [SimpleUploadedFile(f"s{i}.png", png_bytes(), "image/png") for i in range(6)]

    response = client.post("/en/requests/new/", {**form_data(category), "attachments": files})

    assert "Attach at most 5 files." in response.content.decode()
    assert not Ticket.objects.exists()


def test_filled_honeypot_creates_nothing(client, category):
    response = client.post("/en/requests/new/", form_data(category, website="http://spam"))

    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_security_category_makes_the_ticket_urgent_with_a_one_hour_target(
    client, security_category
):
    client.post("/en/requests/new/", form_data(security_category))

    ticket = Ticket.objects.get()
    assert ticket.priority == "urgent"
    assert (ticket.first_response_due_at - ticket.created_at).total_seconds() == 3600


def test_default_first_response_target_is_24_hours(client, category):
    client.post("/en/requests/new/", form_data(category))

    ticket = Ticket.objects.get()
    assert (ticket.first_response_due_at - ticket.created_at).total_seconds() == 24 * 3600
