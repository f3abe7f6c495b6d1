"""Each deflection event, recorded from the request that did it: the suggestions API, the
search page, the beacon (article pages and the widget), the chat start, a message left in the
chat and the request form. A visitor is the visitor cookie's random id, or the account."""

import json

import pytest
from django.conf import settings
from django.test import Client, override_settings

from faq.api import VISITOR_COOKIE
from faq.demo import load as load_demo_kb
from faq.models import Article
from insights.lifecycle import LIFECYCLE_KINDS
from insights.models import Event
from tests.chat.factories import PresenceFactory, TopicFactory
from tests.factories import UserFactory, staff_user
from tests.faq.factories import ArticleFactory

pytestmark = pytest.mark.django_db

Kind = Event.Kind
ORIGIN = "http://testserver"
BEACON = "/api/insights/beacon"


def deflection_rows():
    """The deflection rows (starting a chat or a request also writes lifecycle rows)."""
    return Event.objects.exclude(kind__in=LIFECYCLE_KINDS)


@pytest.fixture
def demo_kb(db) -> None:
    load_demo_kb()


def beacon(client: Client, body: dict, origin: str = ORIGIN):
    return client.post(
        BEACON, data=json.dumps(body), content_type="application/json", headers={"Origin": origin}
    )


def visitor_of(response) -> str:
    """The random id inside the signed visitor cookie the response set."""
    return response.cookies[VISITOR_COOKIE].value.split(":")[0]


def test_suggestions_shown_are_recorded_with_their_article_ids(client, demo_kb):
    response = client.get("/api/faq/suggest", {"q": "reset password", "lang": "en"})

    event = Event.objects.get(kind=Kind.SUGGESTION_SHOWN)
    ids = [result["id"] for result in response.json()["results"]]
    assert event.data == {"article_ids": ids, "source": "search"}
    assert event.query == ""
    assert event.language == "en"
    assert event.channel == Event.Channel.WEB


def test_a_new_visitor_gets_the_cookie_with_the_id_the_event_carries(client, demo_kb):
    response = client.get("/api/faq/suggest", {"q": "password", "lang": "en"})

    cookie = response.cookies[VISITOR_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert deflection_rows().get().visitor == visitor_of(response)


def test_the_same_browser_is_the_same_visitor_on_its_next_request(client, demo_kb):
    first = client.get("/api/faq/suggest", {"q": "password", "lang": "en"})
    second = client.get("/api/faq/suggest", {"q": "withdrawal", "lang": "en"})

    assert VISITOR_COOKIE not in second.cookies
    assert set(Event.objects.values_list("visitor", flat=True)) == {visitor_of(first)}


def test_a_signed_in_visitor_is_their_account(client, demo_kb):
    user = UserFactory()
    client.force_login(user)

    response = client.get("/api/faq/suggest", {"q": "password", "lang": "en"})

    assert deflection_rows().get().visitor == f"account:{user.pk}"
    assert VISITOR_COOKIE not in response.cookies


def test_the_widget_says_where_it_asks_from(client, demo_kb):
    client.get("/api/faq/suggest", {"q": "password", "lang": "zh-hans", "from": "widget"})

    event = deflection_rows().get()
    assert event.channel == Event.Channel.WIDGET
    assert event.language == "zh-hans"


def test_a_topics_top_articles_are_suggestions_shown(client, demo_kb):
    response = client.get("/api/faq/suggest", {"topic": "withdrawal", "lang": "en"})

    event = Event.objects.get(kind=Kind.SUGGESTION_SHOWN)
    results = response.json()["results"]
    assert {r["url"].split("/")[3] for r in results} <= set(
        Article.objects.filter(category__slug="withdrawal").values_list("slug", flat=True)
    )
    assert event.data == {"article_ids": [r["id"] for r in results], "source": "topic"}


def test_a_suggestions_search_without_results_keeps_its_words(client, demo_kb):
    client.get("/api/faq/suggest", {"q": "crypto staking", "lang": "en"})

    event = deflection_rows().get()
    assert event.kind == Kind.SEARCH_WITHOUT_RESULTS
    assert event.query == "crypto staking"
    assert event.data == {"where": "api"}


def test_a_search_page_without_results_is_recorded(client, demo_kb):
    client.get("/en/search/", {"q": "crypto staking"})

    event = deflection_rows().get()
    assert event.kind == Kind.SEARCH_WITHOUT_RESULTS
    assert event.query == "crypto staking"
    assert event.data == {"where": "page"}


def test_a_search_page_with_results_records_nothing(client, demo_kb):
    client.get("/en/search/", {"q": "password"})

    assert not deflection_rows().exists()


def test_the_beacon_records_an_article_viewed(client):
    article = ArticleFactory()

    response = beacon(client, {"article": article.pk, "source": "", "lang": "en"})

    assert response.status_code == 204
    event = deflection_rows().get()
    assert (event.kind, event.article_id, event.language) == (Kind.ARTICLE_VIEWED, article.pk, "en")
    assert event.visitor == visitor_of(response)


def test_the_beacon_records_a_suggested_article_opened_in_the_widget(client):
    article = ArticleFactory()

    beacon(client, {"article": article.pk, "source": "suggestion", "channel": "widget"})

    event = deflection_rows().get()
    assert event.kind == Kind.SUGGESTED_ARTICLE_OPENED
    assert event.channel == Event.Channel.WIDGET
    assert event.data == {"source": "suggestion"}


def test_the_beacon_refuses_another_origin(client):
    article = ArticleFactory()

    response = beacon(client, {"article": article.pk}, origin="https://evil.example")

    assert response.status_code == 403
    assert not deflection_rows().exists()


def test_the_beacon_refuses_a_request_without_origin(client):
    article = ArticleFactory()

    response = client.post(BEACON, json.dumps({"article": article.pk}), "application/json")

    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1]", b'{"article": "1"}', b'{"article": 1, "pad": "' + b"x" * 600 + b'"}'],
)
def test_the_beacon_refuses_a_bad_or_large_body(client, body):
    ArticleFactory()

    response = client.post(BEACON, body, "application/json", headers={"Origin": ORIGIN})

    assert response.status_code == 400
    assert not deflection_rows().exists()


def test_the_beacon_refuses_an_unpublished_article(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)

    assert beacon(client, {"article": draft.pk}).status_code == 400


def test_the_beacon_needs_no_csrf_token():
    article = ArticleFactory()
    client = Client(enforce_csrf_checks=True)

    assert beacon(client, {"article": article.pk}).status_code == 204


# The limit's windows are fixed minutes: all 61 attempts must fall in one.
@pytest.mark.usefixtures("_early_in_an_hour")
@override_settings(RATELIMIT_ENABLE=True)
def test_the_beacon_is_rate_limited_per_client_address(client):
    article = ArticleFactory()
    for _ in range(60):
        beacon(client, {"article": article.pk})

    response = beacon(client, {"article": article.pk})

    assert response.status_code == 429
    assert deflection_rows().count() == 60


def test_starting_a_chat_is_recorded(client):
    PresenceFactory(user=staff_user("agent"))
    topic = TopicFactory()
    body = {
        "name": "Li Wei",
        "topic": topic.slug,
        "message": "My withdrawal is missing",
        "client_id": "first-1",
        "language": "en",
    }

    response = client.post("/api/chat/conversations", json.dumps(body), "application/json")

    event = deflection_rows().get()
    assert event.kind == Kind.CHAT_STARTED
    assert event.conversation_id == response.json()["conversation"]["id"]
    assert event.topic_id == topic.pk
    assert event.visitor == visitor_of(response)


def test_leaving_a_message_in_the_chat_is_a_request_started(client):
    topic = TopicFactory()
    body = {"name": "Li Wei", "email": "li@example.com", "topic": topic.slug, "message": "Help"}

    response = client.post("/api/chat/leave-message", json.dumps(body), "application/json")

    event = deflection_rows().get()
    assert event.kind == Kind.REQUEST_STARTED
    assert event.channel == Event.Channel.WIDGET
    assert event.ticket_id is not None
    assert event.visitor == visitor_of(response)


def test_sending_the_request_form_is_a_request_started(client):
    topic = TopicFactory()
    form = {
        "category": topic.pk,
        "subject": "Top-up not received",
        "description": "I topped up 200 yuan this morning and it has not arrived.",
        "name": "Wang Fang",
        "email": "wang@example.com",
    }

    response = client.post("/en/requests/new/", form)

    assert response.status_code == 302
    event = deflection_rows().get()
    assert (event.kind, event.channel, event.topic_id) == (
        Kind.REQUEST_STARTED,
        Event.Channel.WEB,
        topic.pk,
    )
    assert event.visitor == visitor_of(response)


def test_a_refused_request_form_records_nothing(client):
    client.post("/en/requests/new/", {"subject": ""})

    assert not deflection_rows().exists()


def test_no_event_holds_a_name_or_an_email(client):
    topic = TopicFactory()
    body = {"name": "Li Wei", "email": "li@example.com", "topic": topic.slug, "message": "Help"}
    client.post("/api/chat/leave-message", json.dumps(body), "application/json")

    rows = list(Event.objects.values())  # the request started, and the request's lifecycle
    assert len(rows) == 2
    assert "li@example.com" not in json.dumps(rows, default=str)
    assert "Li Wei" not in json.dumps(rows, default=str)
    assert settings.SESSION_COOKIE_NAME  # the visitor is no session either
