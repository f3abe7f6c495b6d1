"""The request form makes a topic's question inputs only when they are needed: a valid POST
checks the chosen topic's alone, and the page (a refused POST, or the blank form) gets every
topic's, the chosen one the very form that holds its errors (tickets.forms)."""

import pytest

from tests.tickets.factories import CategoryFactory, TopicFieldFactory
from tests.tickets.test_topic_fields_form import form_data, questions  # noqa: F401
from tickets.forms import TicketCreateForm, TopicDetailsForm
from tickets.services import topic_fields

pytestmark = pytest.mark.django_db


def test_a_valid_post_makes_only_the_chosen_topics_inputs(category, questions):  # noqa: F811
    other = CategoryFactory(slug="other")
    TopicFieldFactory(topic=other, key="where")
    form = TicketCreateForm(form_data(category))

    assert form.is_valid(), form.errors

    assert list(form._details_forms) == [category.pk]
    assert form.cleaned_data["details"] == {
        "txn": "TXN-20261121-0042",
        "amount": "86.50",
        "method": "card",
    }


def test_the_page_shows_every_topics_inputs_and_the_chosen_ones_errors(category, questions):  # noqa: F811
    other = CategoryFactory(slug="other")
    TopicFieldFactory(topic=other, key="where")
    form = TicketCreateForm(form_data(category, **{f"topic{category.pk}-amount": ""}))
    assert not form.is_valid()

    pages = form.topic_forms

    plain = [
        TopicDetailsForm(form.data, topic=topic, fields=topic_fields.topic_fields_of(topic.pk))
        for topic in (category, other)
    ]
    assert [(f.topic.pk, list(f.fields)) for f in pages] == [
        (f.topic.pk, list(f.fields)) for f in plain
    ]
    assert pages[0] is form.details_form_for(category)
    assert "amount" in pages[0].errors
