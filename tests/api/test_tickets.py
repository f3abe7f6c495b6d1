import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from insights.models import Event
from tests.api.conftest import bearer
from tests.tickets.factories import TopicFieldFactory, png_bytes
from tickets.models import Attachment, Ticket, TicketMessage, TopicField
from workspace.row_texts import row_texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]


def _new(topic, **extra):
    return {
        "topic": topic.pk,
        "subject": "Top-up not received",
        "description": "I topped up 200 yuan by bank card an hour ago and see nothing.",
        **extra,
    }


def test_a_customer_opens_a_request_with_their_own_name_and_email(api, exchange, topic):
    token = exchange(email="wu.lei@example.com", name="Wu Lei")

    response = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))

    assert response.status_code == 201
    ticket = Ticket.objects.get(reference=response.json()["reference"])
    assert (ticket.customer_email, ticket.customer_name) == ("wu.lei@example.com", "Wu Lei")
    assert ticket.customer.email == "wu.lei@example.com"


def test_a_request_opened_through_the_api_is_marked_as_from_the_app(api, exchange, topic):
    response = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(exchange()))

    assert response.json()["source"] == "api"
    ticket = Ticket.objects.get(reference=response.json()["reference"])
    assert ticket.source == Ticket.Source.API
    # Reports count it under the API channel; the console labels its row "App (API)".
    assert Event.objects.get(ticket_id=ticket.pk, kind=Event.Kind.CREATED).channel == "api"
    with translation.override("zh-hans"):
        assert row_texts().channels[ticket.source] == ("api", "App（API）")


def test_a_request_is_opened_with_attachments(api, exchange, topic):
    token = exchange()
    shot = SimpleUploadedFile("receipt.png", png_bytes(), content_type="image/png")

    response = api.post(
        "/api/v1/tickets", _new(topic, attachments=[shot]), format="multipart", **bearer(token)
    )

    assert response.status_code == 201
    files = response.json()["messages"][0]["attachments"]
    assert [f["name"] for f in files] == ["receipt.png"]
    download = api.get(files[0]["url"], **bearer(token))
    assert download.status_code == 200
    assert Attachment.objects.count() == 1


def test_a_refused_file_is_a_translated_problem(api, exchange, topic):
    token = exchange()
    script = SimpleUploadedFile("run.exe", b"MZ\x90\x00not an image", content_type="image/png")

    response = api.post(
        "/api/v1/tickets", _new(topic, attachments=[script]), format="multipart", **bearer(token)
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert not Ticket.objects.exists()


def test_invalid_fields_are_listed(api, exchange, topic):
    response = api.post(
        "/api/v1/tickets", _new(topic, subject="x"), format="json", **bearer(exchange())
    )

    assert response.status_code == 400
    assert "subject" in response.json()["errors"]


def test_a_customer_replies_marks_solved_and_rates(api, exchange, topic):
    token = exchange()
    reference = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token)).json()[
        "reference"
    ]

    reply = api.post(
        f"/api/v1/tickets/{reference}/replies",
        {"body": "Here is the transaction number."},
        format="json",
        **bearer(token),
    )
    solved = api.post(f"/api/v1/tickets/{reference}/solve", **bearer(token))
    rated = api.post(
        f"/api/v1/tickets/{reference}/rating", {"score": 5}, format="json", **bearer(token)
    )

    assert reply.status_code == 201
    assert solved.json()["status"] == "solved"
    assert rated.json() == {"score": 5, "comment": ""}
    read = api.get(f"/api/v1/tickets/{reference}", **bearer(token)).json()
    assert [m["author_kind"] for m in read["messages"]] == ["customer", "customer"]
    assert read["rating"]["score"] == 5


def test_customers_never_see_internal_notes(api, exchange, topic, agent):
    from tickets import services

    token = exchange()
    reference = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token)).json()[
        "reference"
    ]
    services.ticket_reply(
        ticket=Ticket.objects.get(reference=reference), author=agent, body="Note", internal=True
    )

    messages = api.get(f"/api/v1/tickets/{reference}", **bearer(token)).json()["messages"]

    assert TicketMessage.objects.filter(internal=True).count() == 1
    assert [m["internal"] for m in messages] == [False]


def test_the_list_is_paginated_by_cursor(api, exchange, topic):
    token = exchange()
    for _ in range(3):
        api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))

    first = api.get("/api/v1/tickets?limit=2", **bearer(token)).json()
    second = api.get(first["next"], **bearer(token)).json()

    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert second["next"] is None


def test_the_list_filters_by_status(api, exchange, topic):
    token = exchange()
    reference = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token)).json()[
        "reference"
    ]
    api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))
    api.post(f"/api/v1/tickets/{reference}/solve", **bearer(token))

    solved = api.get("/api/v1/tickets?status=solved", **bearer(token)).json()["results"]

    assert [t["reference"] for t in solved] == [reference]


@pytest.mark.usefixtures("_early_in_an_hour")
def test_creating_counts_against_the_forms_per_email_limit(api, exchange, topic, settings):
    settings.TICKETS_RATE_CREATE_EMAIL = "1/h"
    token = exchange()
    api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))

    response = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_a_request_answers_its_topics_own_questions(api, exchange, topic):
    TopicFieldFactory(topic=topic, key="amount", kind=TopicField.Kind.AMOUNT, required=True)
    token = exchange()

    listed = api.get("/api/v1/topics", **bearer(token)).json()["topics"]
    created = api.post(
        "/api/v1/tickets", _new(topic, details={"amount": "128.5"}), format="json", **bearer(token)
    )

    questions = next(t["questions"] for t in listed if t["id"] == topic.pk)
    assert [(q["key"], q["kind"], q["required"]) for q in questions] == [("amount", "amount", True)]
    assert created.status_code == 201
    assert created.json()["details"] == {"amount": "128.50"}
    assert Ticket.objects.get().details == {"amount": "128.50"}


def test_a_missing_required_answer_is_a_problem_and_opens_nothing(api, exchange, topic):
    TopicFieldFactory(topic=topic, key="amount", kind=TopicField.Kind.AMOUNT, required=True)
    token = exchange()

    response = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))

    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"
    assert not Ticket.objects.exists()
