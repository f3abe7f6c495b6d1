import httpx
import pytest

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def test_an_error_is_a_problem_document(api):
    response = api.get("/api/v1/tickets")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()) == {"type", "title", "status", "detail"}
    assert response.json()["type"] == "urn:helpcenter:problem:unauthenticated"


def test_problems_are_in_the_callers_language(api, make_key):
    response = api.get(
        "/api/v1/tickets", **bearer(make_key("faq:read")), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 403
    assert response.json()["title"] == "不允许"
    assert "tickets:customer" in response.json()["detail"]
    assert response.json()["detail"].startswith("请以客户身份登录")


def test_an_unknown_ticket_is_not_found_in_english(api, exchange):
    response = api.get("/api/v1/tickets/HC-2026-999999", **bearer(exchange()))

    assert response.status_code == 404
    assert response.json()["title"] == "Not found"


@pytest.mark.usefixtures("_early_in_an_hour")
def test_too_many_requests_per_key_say_when_to_retry(api, make_key, settings):
    settings.API_RATE_PER_KEY = "2/m"
    plain = make_key("faq:read")
    for _ in range(2):
        api.get("/api/v1/topics", **bearer(plain))

    response = api.get("/api/v1/topics", **bearer(plain))

    assert response.status_code == 429
    assert response.json()["type"] == "urn:helpcenter:problem:rate_limited"
    assert 0 < int(response["Retry-After"]) <= 60


@pytest.mark.usefixtures("_early_in_an_hour")
def test_limits_per_customer_count_the_app_and_a_key_acting_for_them(
    api, make_key, exchange, settings
):
    settings.API_RATE_PER_CUSTOMER = "2/m"
    token = exchange(sub="w-rl")
    api.get("/api/v1/me", **bearer(token))
    api.get("/api/v1/me", **bearer(make_key("tickets:customer"), HTTP_X_WALLET_USER_ID="w-rl"))

    assert api.get("/api/v1/me", **bearer(token)).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_a_malformed_upload_gets_a_problem_from_the_live_server(live_daphne):
    response = httpx.post(
        f"{live_daphne.url}/api/v1/tickets",
        content=b"--abc--\r\n",
        headers={
            "Content-Type": "multipart/form-data; boundary=abc",
            "Authorization": "Bearer hck_nothing_here",
            "Accept-Language": "en",
        },
        timeout=10,
    )

    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/problem+json"


def test_an_unknown_path_is_a_problem_too(api):
    response = api.post("/api/v1/nothing/here", {}, format="json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
