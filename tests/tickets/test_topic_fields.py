"""The check of the answers to a topic's own questions (tickets.services.topic_fields): each
kind, required answers, unknown keys, and what ticket_create stores."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from tests.tickets.factories import CategoryFactory, TicketFactory, TopicFieldFactory
from tickets import demo, services
from tickets.models import Ticket, TopicField
from tickets.selectors import ticket_details_display

pytestmark = pytest.mark.django_db

Kind = TopicField.Kind
METHODS = "balance | 钱包余额 | Wallet balance\ncard | 银行卡 | Bank card"


def errors_of(topic, values, language="en") -> dict[str, list[str]]:
    with override(language), pytest.raises(ValidationError) as caught:
        services.details_clean(topic=topic, values=values)
    return caught.value.message_dict


def test_amount_is_stored_with_two_decimal_places(category):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT)

    assert services.details_clean(topic=category, values={"amount": "1,280.5"}) == {
        "amount": "1280.50"
    }


@pytest.mark.parametrize("amount", ["0", "-5", "12.345", "abc", "12,5", "1e3"])
def test_amount_that_is_not_positive_with_two_places_is_refused(category, amount):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT)

    assert list(errors_of(category, {"amount": amount})) == ["amount"]


def test_date_is_stored_as_iso(category):
    TopicFieldFactory(topic=category, key="date", kind=Kind.DATE)

    assert services.details_clean(topic=category, values={"date": "2026/11/02"}) == {
        "date": "2026-11-02"
    }


def test_date_in_the_future_is_refused(category):
    TopicFieldFactory(topic=category, key="date", kind=Kind.DATE)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    assert errors_of(category, {"date": tomorrow.isoformat()}) == {
        "date": ["This date is in the future."]
    }


def test_date_that_does_not_exist_is_refused(category):
    TopicFieldFactory(topic=category, key="date", kind=Kind.DATE)

    assert errors_of(category, {"date": "2026-02-30"}) == {"date": ["Enter a date as YYYY-MM-DD."]}


def test_card_last_four_digits_ignore_spaces(category):
    TopicFieldFactory(topic=category, key="card", kind=Kind.CARD_LAST4)

    assert services.details_clean(topic=category, values={"card": " 48 21 "}) == {"card": "4821"}


@pytest.mark.parametrize("digits", ["482", "48210", "48a1", "６２１７"])
def test_card_last_four_digits_must_be_exactly_four_digits(category, digits):
    TopicFieldFactory(topic=category, key="card", kind=Kind.CARD_LAST4)

    assert errors_of(category, {"card": digits}) == {
        "card": ["Enter exactly the last 4 digits of the card."]
    }


def test_transaction_number_is_stored_in_capitals(category):
    TopicFieldFactory(topic=category, key="txn", kind=Kind.TRANSACTION)

    assert services.details_clean(topic=category, values={"txn": "txn-20261121-0042"}) == {
        "txn": "TXN-20261121-0042"
    }


@pytest.mark.parametrize("number", ["20261121-0042", "TXN-2026112-0042", "TXN-20261121-42"])
def test_transaction_number_in_another_format_is_refused(category, number):
    TopicFieldFactory(topic=category, key="txn", kind=Kind.TRANSACTION)

    assert list(errors_of(category, {"txn": number})) == ["txn"]


def test_choice_stores_the_option_key(category):
    TopicFieldFactory(topic=category, key="method", kind=Kind.CHOICE, choices=METHODS)

    assert services.details_clean(topic=category, values={"method": "card"}) == {"method": "card"}


def test_choice_outside_the_options_is_refused(category):
    TopicFieldFactory(topic=category, key="method", kind=Kind.CHOICE, choices=METHODS)

    assert errors_of(category, {"method": "cash"}) == {"method": ["Choose one of the options."]}


def test_text_longer_than_the_limit_is_refused(category):
    TopicFieldFactory(topic=category, key="bank", kind=Kind.TEXT)

    assert list(errors_of(category, {"bank": "x" * 201})) == ["bank"]


def test_missing_required_answer_is_refused(category):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT, required=True)

    assert errors_of(category, {"amount": "  "}) == {"amount": ["This field is required."]}


def test_empty_optional_answer_is_left_out(category):
    TopicFieldFactory(topic=category, key="bank", kind=Kind.TEXT)

    assert services.details_clean(topic=category, values={"bank": ""}) == {}


def test_key_the_topic_does_not_ask_is_refused(category):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT)

    assert errors_of(category, {"amount": "5", "iban": "DE00"}) == {
        "iban": ["This topic has no field “iban”."]
    }


def test_answer_that_is_not_text_is_refused(category):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT)

    assert errors_of(category, {"amount": 5}) == {"amount": ["Enter text."]}


def test_every_refused_answer_is_reported_at_once(category):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT, required=True)
    TopicFieldFactory(topic=category, key="card", kind=Kind.CARD_LAST4)

    assert set(errors_of(category, {"card": "12"})) == {"amount", "card"}


def test_errors_are_translated_into_chinese(category):
    TopicFieldFactory(topic=category, key="date", kind=Kind.DATE)

    errors = errors_of(category, {"date": "2999-01-01"}, language="zh-hans")

    assert errors == {"date": ["日期不能晚于今天。"]}


def test_ticket_create_stores_the_checked_answers(category):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT, required=True)

    ticket = TicketFactory(category=category, details={"amount": "86.5"})

    ticket.refresh_from_db()
    assert ticket.details == {"amount": "86.50"}


def test_ticket_create_refuses_a_missing_required_answer(category):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT, required=True)

    with pytest.raises(ValidationError):
        TicketFactory(category=category, details={})


def test_ticket_create_without_details_asks_nothing(category):
    # E-mail, chat and agents cannot answer the form's questions.
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT, required=True)

    ticket = TicketFactory(category=category)

    assert ticket.details == {}


def test_details_display_uses_labels_and_option_names_in_the_language(category):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT, position=0)
    TopicFieldFactory(
        topic=category,
        key="method",
        kind=Kind.CHOICE,
        choices=METHODS,
        label_zh_hans="付款方式",
        label_en="Payment method",
        position=1,
    )
    ticket = TicketFactory(category=category, details={"method": "card", "amount": "12"})

    assert ticket_details_display(ticket, "en") == [
        ("Amount", "12.00"),
        ("Payment method", "Bank card"),
    ]
    assert ticket_details_display(ticket, "zh-hans") == [("金额", "12.00"), ("付款方式", "银行卡")]


def test_details_display_keeps_labels_after_the_topic_changes(category, agent):
    TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT, label_en="Amount (CNY)")
    ticket = TicketFactory(category=category, details={"amount": "12"})

    ticket = services.ticket_set_category(
        ticket=ticket, category=CategoryFactory(slug="withdrawal"), by=agent
    )

    assert ticket_details_display(ticket, "en") == [("Amount (CNY)", "12.00")]


def test_details_display_shows_the_key_of_a_removed_question(category):
    field = TopicFieldFactory(topic=category, key="amount", kind=Kind.AMOUNT)
    ticket = TicketFactory(category=category, details={"amount": "12"})

    field.delete()

    assert ticket_details_display(ticket, "en") == [("amount", "12.00")]


def test_demo_topics_ask_their_questions_and_demo_tickets_answer_them():
    demo.load()

    asked = TopicField.objects.filter(topic__slug="payment-failed").values_list("key", flat=True)
    assert list(asked) == ["transaction_number", "amount", "date", "payment_method"]
    ticket = Ticket.objects.get(category__slug="withdrawal")
    assert ticket.details == {"bank": "HSBC", "card_last4": "4821"}
