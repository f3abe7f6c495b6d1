"""The demo history gives ``make run`` a populated dashboard, once."""

import pytest

from insights import demo
from insights.models import Event
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def test_the_demo_history_fills_thirty_days_once():
    staff_user("agent")

    demo.load_history()
    rows = Event.objects.filter(ticket_id__gte=demo.HISTORY_FIRST_ID).count()
    demo.load_history()

    assert rows > 1000
    assert Event.objects.filter(ticket_id__gte=demo.HISTORY_FIRST_ID).count() == rows
    assert Event.objects.filter(kind="first_public_response").exists()
    assert Event.objects.filter(kind="abandoned").exists()
