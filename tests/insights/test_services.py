"""Writing the event log: what a row keeps and what it never keeps."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from insights import services
from insights.models import Event
from insights.services import EventRow

pytestmark = pytest.mark.django_db


def test_search_words_are_kept_only_for_searches_without_results():
    shown = services.event_record(kind=Event.Kind.SUGGESTION_SHOWN, query="password")
    missed = services.event_record(kind=Event.Kind.SEARCH_WITHOUT_RESULTS, query="  refund   tax ")

    assert shown.query == ""
    assert missed.query == "refund tax"


def test_search_words_are_cut_to_two_hundred_characters():
    event = services.event_record(kind=Event.Kind.SEARCH_WITHOUT_RESULTS, query="x" * 500)

    assert len(Event.objects.get(pk=event.pk).query) == 200


def test_the_database_refuses_search_words_on_other_kinds():
    with pytest.raises(IntegrityError):
        Event.objects.create(kind=Event.Kind.CHAT_STARTED, at="2026-01-01T00:00Z", query="name")


def test_data_stays_small():
    event = services.event_record(
        kind=Event.Kind.SUGGESTION_SHOWN, data={"article_ids": list(range(50))}
    )

    assert event.data == {"article_ids": list(range(10))}


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="not a valid"):
        services.event_record(kind="guessed")


def test_many_events_are_recorded_in_one_insert():
    rows = [EventRow(kind=Event.Kind.ARTICLE_VIEWED, article_id=n) for n in range(5)]

    with CaptureQueriesContext(connection) as queries:
        services.events_record_many(events=rows)

    assert [q["sql"].split()[0] for q in queries if "INSERT" in q["sql"]] == ["INSERT"]
    assert Event.objects.filter(kind=Event.Kind.ARTICLE_VIEWED).count() == 5


def test_admin_shows_events_read_only(client, settings):
    from tests.factories import staff_user

    event = services.event_record(kind=Event.Kind.ARTICLE_VIEWED, article_id=3)
    client.force_login(staff_user("admin", is_superuser=True))

    page = client.get(f"/admin/insights/event/{event.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get("/admin/insights/event/add/").status_code == 403
    assert client.post(f"/admin/insights/event/{event.pk}/delete/").status_code == 403
