"""Was this helpful? One vote per visitor and article, whatever they repeat."""

import json
import re

import pytest
from django.test import Client

from faq.api import VISITOR_COOKIE
from faq.models import Vote
from tests.faq.factories import ArticleFactory


def vote(client: Client, article_id: int, **payload) -> object:
    return client.post(
        f"/api/faq/articles/{article_id}/vote",
        data=json.dumps(payload),
        content_type="application/json",
    )


@pytest.fixture
def article(db):
    return ArticleFactory()


def test_a_vote_is_recorded(client, article):
    response = vote(client, article.pk, helpful=True, lang="en")

    assert response.status_code == 200
    assert list(Vote.objects.values_list("helpful", "language")) == [(True, "en")]


def test_repeating_a_vote_does_not_add_votes(client, article):
    for _ in range(5):
        vote(client, article.pk, helpful=True)

    assert Vote.objects.filter(article=article).count() == 1


def test_voting_again_changes_the_answer(client, article):
    vote(client, article.pk, helpful=True)
    vote(client, article.pk, helpful=False)

    assert list(Vote.objects.values_list("helpful", flat=True)) == [False]


def test_a_comment_is_added_to_the_same_vote(client, article):
    vote(client, article.pk, helpful=False)
    vote(client, article.pk, helpful=False, comment="Which bank cards are supported?")

    assert list(Vote.objects.values_list("comment", flat=True)) == [
        "Which bank cards are supported?"
    ]


def test_the_visitor_cookie_is_signed_and_http_only(client, article):
    response = vote(client, article.pk, helpful=True)

    cookie = response.cookies[VISITOR_COOKIE]
    assert cookie["httponly"]
    assert ":" in cookie.value  # value:signature


def test_a_forged_visitor_cookie_counts_as_a_new_visitor_not_someone_else(client, article):
    vote(client, article.pk, helpful=True)
    victim_key = Vote.objects.get().visitor_key

    forger = Client()
    forger.cookies[VISITOR_COOKIE] = victim_key.removeprefix("v:") + ":forged"
    vote(forger, article.pk, helpful=False)

    assert Vote.objects.get(visitor_key=victim_key).helpful is True
    assert Vote.objects.count() == 2


def test_two_visitors_each_get_a_vote(article):
    vote(Client(), article.pk, helpful=True)
    vote(Client(), article.pk, helpful=False)

    assert sorted(Vote.objects.values_list("helpful", flat=True)) == [False, True]


def test_a_signed_in_user_has_one_vote_across_browsers(article, customer):
    for _ in range(2):
        browser = Client()
        browser.force_login(customer)
        vote(browser, article.pk, helpful=True)

    assert list(Vote.objects.values_list("visitor_key", flat=True)) == [f"u:{customer.pk}"]


@pytest.mark.parametrize(
    "payload", [{}, {"helpful": "yes"}, {"helpful": 1}, {"helpful": None}, {"comment": "x"}]
)
def test_invalid_votes_are_rejected(client, article, payload):
    assert vote(client, article.pk, **payload).status_code == 400
    assert not Vote.objects.exists()


def test_malformed_json_is_rejected(client, article):
    response = client.post(
        f"/api/faq/articles/{article.pk}/vote", data="{", content_type="application/json"
    )

    assert response.status_code == 400


def test_drafts_cannot_be_voted_on(client, db):
    draft = ArticleFactory(status="draft")

    assert vote(client, draft.pk, helpful=True).status_code == 404


def test_voting_needs_the_csrf_token(article):
    strict = Client(enforce_csrf_checks=True)

    assert vote(strict, article.pk, helpful=True).status_code == 403


def test_the_csrf_endpoint_hands_out_the_token_cookie_that_voting_needs(article):
    strict = Client(enforce_csrf_checks=True)
    strict.get("/api/faq/csrf")
    token = strict.cookies["csrftoken"].value

    response = strict.post(
        f"/api/faq/articles/{article.pk}/vote",
        data=json.dumps({"helpful": True}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200


# Without JavaScript: the article's buttons open a form page that posts the vote with CSRF.


def feedback_url(article, language: str = "en") -> str:
    return f"/{language}/articles/{article.slug}/feedback/"


def post_feedback(client: Client, article, language: str = "en", **data) -> object:
    """Open the feedback page as a browser would (for its CSRF token), then post the form."""
    page = client.get(feedback_url(article, language), {"helpful": data.get("helpful", "")})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    return client.post(feedback_url(article, language), {**data, "csrfmiddlewaretoken": token})


@pytest.fixture
def browser_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_the_article_buttons_work_as_a_form_without_javascript(client, article):
    page = client.get(f"/en/articles/{article.slug}/").content.decode()

    assert f'action="{feedback_url(article)}"' in page
    assert 'name="helpful" value="yes"' in page
    assert 'name="helpful" value="no"' in page


def test_the_feedback_page_has_the_chosen_answer_checked(client, article):
    page = client.get(feedback_url(article), {"helpful": "no"}).content.decode()

    assert re.search(r'<input type="radio" name="helpful" value="no"[^>]* checked', page)
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_form_vote_is_recorded_and_goes_back_to_the_article(browser_client, article):
    response = post_feedback(browser_client, article, helpful="yes")

    assert response.status_code == 302
    assert response["Location"] == f"/en/articles/{article.slug}/"
    assert list(Vote.objects.values_list("helpful", "language")) == [(True, "en")]


def test_the_article_thanks_the_visitor_after_a_form_vote(browser_client, article):
    response = post_feedback(browser_client, article, helpful="yes")

    page = browser_client.get(response["Location"]).content.decode()
    assert "Thanks for your feedback!" in page


def test_the_thanks_are_in_chinese_on_the_chinese_site(browser_client, article):
    response = post_feedback(browser_client, article, "zh-hans", helpful="no", comment="缺少说明")

    page = browser_client.get(response["Location"]).content.decode()
    assert response["Location"] == f"/zh-hans/articles/{article.slug}/"
    assert "谢谢，您的意见已转给我们的团队。" in page
    assert list(Vote.objects.values_list("helpful", "comment", "language")) == [
        (False, "缺少说明", "zh_hans")
    ]


def test_repeating_a_form_vote_does_not_add_votes(browser_client, article):
    for _ in range(3):
        post_feedback(browser_client, article, helpful="yes")

    assert Vote.objects.filter(article=article).count() == 1


def test_a_form_vote_and_a_script_vote_are_the_same_visitors_one_vote(browser_client, article):
    post_feedback(browser_client, article, helpful="yes")
    browser_client.get("/api/faq/csrf")
    browser_client.post(
        f"/api/faq/articles/{article.pk}/vote",
        data=json.dumps({"helpful": False}),
        content_type="application/json",
        headers={"X-CSRFToken": browser_client.cookies["csrftoken"].value},
    )

    assert list(Vote.objects.values_list("helpful", flat=True)) == [False]


def test_a_form_vote_without_the_csrf_token_is_refused(browser_client, article):
    response = browser_client.post(feedback_url(article), {"helpful": "yes"})

    assert response.status_code == 403
    assert not Vote.objects.exists()


def test_a_form_vote_without_an_answer_shows_the_form_again(browser_client, article):
    response = post_feedback(browser_client, article, comment="Hello")

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not Vote.objects.exists()


def test_drafts_take_no_form_votes(client, db):
    draft = ArticleFactory(status="draft")

    assert client.get(feedback_url(draft)).status_code == 404
