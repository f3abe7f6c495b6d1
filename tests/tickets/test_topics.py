"""The request form's topics are kept in each process (core.topics) and follow admin edits
at once in the process that saved them."""

import pytest

from tests.tickets.factories import CategoryFactory
from tests.tickets.test_create_view import form_data
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("_open_rate_limits")
def test_a_new_topic_is_offered_and_a_deactivated_one_refused_at_once(client, category):
    client.get("/en/requests/new/")  # the process now holds the topics
    added = CategoryFactory(slug="refunds", name_en="Refunds", name_zh_hans="退款")

    page = client.get("/en/requests/new/").content.decode()
    category.is_active = False
    category.save()
    refused = client.post("/en/requests/new/", form_data(category))
    accepted = client.post("/en/requests/new/", form_data(added, email="x@example.com"))

    assert "Refunds" in page
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    assert accepted.status_code == 302
    assert list(Ticket.objects.values_list("category__slug", flat=True)) == ["refunds"]
