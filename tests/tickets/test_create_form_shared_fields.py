"""The request form checks a POST with the class's fields shared instead of deep-copied
(``TicketCreateForm.posted``): it gives what the plain form gives, and a refused form shown
again has its own copies, rendered as the plain form renders them."""

import pytest
from django.utils import translation

from tickets.forms import TicketCreateForm

pytestmark = pytest.mark.django_db


def valid(category):
    return {
        "category": str(category.pk),
        "subject": "Payment failed at checkout",
        "description": "The payment failed with error E1001 although my balance is enough.",
        "transaction_number": "TXN-2026-1",
        "error_message": "E1001",
        "name": "Ana",
        "email": "ana@example.com",
        "website": "",
    }


def test_a_valid_post_has_the_plain_forms_cleaned_data(category):
    posted, plain = TicketCreateForm.posted(valid(category), {}), TicketCreateForm(valid(category))

    assert posted.is_valid()
    assert plain.is_valid()
    assert posted.cleaned_data == plain.cleaned_data
    assert posted.transaction_number_given() == plain.transaction_number_given()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_refused_post_is_shown_as_the_plain_form_shows_it(category, language):
    data = {**valid(category), "subject": "x", "email": "not an address", "category": "999"}
    with translation.override(language):
        posted, plain = TicketCreateForm.posted(data, {}), TicketCreateForm(data)
        assert not posted.is_valid()
        assert not plain.is_valid()
        posted.own_fields()

        assert posted.errors == plain.errors
        assert posted.as_div() == plain.as_div()
    assert all(
        posted.fields[name] is not field for name, field in TicketCreateForm.base_fields.items()
    )


def test_checking_a_post_leaves_the_class_fields_as_they_were(category):
    before = TicketCreateForm().as_div()

    TicketCreateForm.posted({**valid(category), "subject": "x"}, {}).is_valid()
    TicketCreateForm.posted(valid(category), {}).is_valid()

    assert TicketCreateForm().as_div() == before
