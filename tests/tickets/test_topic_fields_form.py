"""The request form asks the chosen topic's own questions, checks the answers next to each
field, keeps what was typed when something is refused, and agents and customers see the
answers on the ticket pages; admins edit the questions on the topic."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import UserFactory
from tests.tickets.factories import CategoryFactory, TicketFactory, TopicFieldFactory, png_bytes
from tickets import access
from tickets.models import Ticket, TopicField

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]

Kind = TopicField.Kind
METHODS = "balance | 钱包余额 | Wallet balance\ncard | 银行卡 | Bank card"


@pytest.fixture
def questions(category):
    """The demo's payment questions on the "payment failed" topic."""
    return [
        TopicFieldFactory(
            topic=category, key="txn", kind=Kind.TRANSACTION, label_en="Transaction number"
        ),
        TopicFieldFactory(
            topic=category, key="amount", kind=Kind.AMOUNT, label_en="Amount (CNY)", required=True
        ),
        TopicFieldFactory(
            topic=category,
            key="method",
            kind=Kind.CHOICE,
            choices=METHODS,
            label_en="Payment method",
            required=True,
        ),
    ]


def form_data(category, **overrides):
    data = {
        "category": category.pk,
        "subject": "Payment failed at the supermarket",
        "description": "It says insufficient balance but I have 300 CNY.",
        "name": "Emma Clark",
        "email": "emma@example.com",
        "transaction_number": "",
        "error_message": "",
        "website": "",
        f"topic{category.pk}-txn": "txn-20261121-0042",
        f"topic{category.pk}-amount": "86.5",
        f"topic{category.pk}-method": "card",
    }
    data.update(overrides)
    return data


def block(page: str, topic) -> str:
    return re.search(rf'<fieldset[^>]*data-topic-fields="{topic.pk}"[^>]*>', page).group(0)


def test_topic_in_the_query_string_shows_its_questions(client, category, questions):
    other = CategoryFactory(slug="withdrawal")
    TopicFieldFactory(topic=other, key="card", kind=Kind.CARD_LAST4)

    page = client.get("/en/requests/new/?topic=payment-failed").content.decode()

    assert "hidden" not in block(page, category)
    assert "hidden disabled" in block(page, other)
    assert f'name="topic{category.pk}-amount"' in page


def test_without_a_chosen_topic_every_question_block_is_hidden(client, category, questions):
    page = client.get("/en/requests/new/").content.decode()

    assert "hidden disabled" in block(page, category)


def test_answers_are_stored_with_the_ticket(client, category, questions):
    response = client.post("/en/requests/new/", form_data(category))

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.details == {"txn": "TXN-20261121-0042", "amount": "86.50", "method": "card"}


def test_topics_transaction_number_is_the_tickets_transaction_number(client, category, questions):
    client.post("/en/requests/new/", form_data(category))

    assert Ticket.objects.get().transaction_number == "TXN-20261121-0042"


def test_general_transaction_number_field_is_hidden_when_the_topic_asks_for_it(
    client, category, questions
):
    page = client.get("/en/requests/new/?topic=payment-failed").content.decode()

    assert re.search(r"data-general-transaction hidden", page)


def test_refused_answer_is_shown_next_to_its_field(client, category, questions):
    response = client.post(
        "/en/requests/new/", form_data(category, **{f"topic{category.pk}-amount": "12.345"})
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert Ticket.objects.count() == 0
    field = re.search(
        rf'<div class="field field--error">\s*<label for="id_topic{category.pk}-amount".*?</div>',
        page,
        re.S,
    ).group(0)
    assert "An amount has at most 2 decimal places." in field


def test_refused_form_keeps_every_typed_answer(client, category, questions):
    response = client.post(
        "/en/requests/new/", form_data(category, **{f"topic{category.pk}-amount": "12.345"})
    )

    page = response.content.decode()
    assert 'value="12.345"' in page
    assert 'value="txn-20261121-0042"' in page
    assert '<option value="card" selected>' in page
    assert "Payment failed at the supermarket" in page


def test_missing_required_answer_is_refused_in_chinese(client, category, questions):
    response = client.post(
        "/zh-hans/requests/new/", form_data(category, **{f"topic{category.pk}-method": ""})
    )

    assert response.status_code == 400
    assert "这个字段是必填项。" in response.content.decode()


def test_answers_of_another_topic_are_ignored(client, category, questions):
    other = CategoryFactory(slug="withdrawal")
    TopicFieldFactory(topic=other, key="card", kind=Kind.CARD_LAST4, required=True)

    client.post("/en/requests/new/", form_data(category, **{f"topic{other.pk}-card": "x"}))

    assert "card" not in Ticket.objects.get().details


def test_script_sent_form_is_answered_with_the_ticket_address(client, category, questions):
    response = client.post(
        "/en/requests/new/", form_data(category), headers={"X-Request-Form": "fetch"}
    )

    ticket = Ticket.objects.get()
    assert response.json() == {"redirect": access.portal_url(ticket, absolute=False)}


def test_script_sent_refused_form_does_not_ask_for_the_files_again(client, category, questions):
    screenshot = {
        "attachments": [SimpleUploadedFile("screen.png", png_bytes(), content_type="image/png")]
    }

    response = client.post(
        "/en/requests/new/",
        {**form_data(category, **{f"topic{category.pk}-amount": ""}), **screenshot},
        headers={"X-Request-Form": "fetch"},
    )

    assert response.status_code == 400
    assert "please attach them again" not in response.content.decode()


def test_agent_sees_the_answers_at_the_top_of_the_ticket(client, category, questions, agent):
    ticket = TicketFactory(
        category=category, details={"txn": "TXN-20261121-0042", "amount": "86.5", "method": "card"}
    )
    client.force_login(agent)

    page = client.get(f"/en/console/tickets/{ticket.reference}/").content.decode()

    details = page[page.index('class="tc-panel tc-details"') : page.index('class="tc-layout"')]
    assert "<dt>Amount (CNY)</dt><dd>86.50</dd>" in details
    assert "<dt>Payment method</dt><dd>Bank card</dd>" in details


def test_customer_sees_the_answers_on_the_portal_page(client, category, questions):
    ticket = TicketFactory(category=category, details={"amount": "86.5", "method": "balance"})

    page = client.get(access.portal_url(ticket, absolute=False)).content.decode()

    assert "<dt>Payment method</dt><dd>Wallet balance</dd>" in page


def test_admin_edits_the_questions_on_the_topic_page(client, category):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = f"/admin/core/topic/{category.pk}/change/"
    prefix = "request_fields"
    data = {
        "slug": category.slug,
        "name_zh_hans": category.name_zh_hans,
        "name_en": category.name_en,
        "description_zh_hans": "",
        "description_en": "",
        "default_priority": "high",
        "position": "0",
        "is_active": "on",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-key": "date",
        f"{prefix}-0-kind": "date",
        f"{prefix}-0-label_zh_hans": "交易日期",
        f"{prefix}-0-label_en": "Date of the payment",
        f"{prefix}-0-required": "on",
        f"{prefix}-0-position": "0",
    }

    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    field = TopicField.objects.get(topic=category)
    assert (field.key, field.kind, field.required) == ("date", "date", True)


def test_admin_refuses_a_choice_without_options(client, category):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    prefix = "request_fields"
    data = {
        "slug": category.slug,
        "name_zh_hans": category.name_zh_hans,
        "name_en": category.name_en,
        "default_priority": "high",
        "position": "0",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-key": "method",
        f"{prefix}-0-kind": "choice",
        f"{prefix}-0-label_zh_hans": "付款方式",
        f"{prefix}-0-label_en": "Payment method",
        f"{prefix}-0-choices": "card | 银行卡 | Bank card",
        f"{prefix}-0-position": "0",
    }

    response = client.post(
        f"/admin/core/topic/{category.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 200
    assert "选项类字段至少需要两个选项，每行一个。" in response.content.decode()
    assert not TopicField.objects.exists()


def test_date_question_offers_no_day_after_today(client, category):
    TopicFieldFactory(topic=category, key="date", kind=Kind.DATE)

    page = client.get("/en/requests/new/?topic=payment-failed").content.decode()

    assert f'max="{timezone.localdate().isoformat()}"' in page
