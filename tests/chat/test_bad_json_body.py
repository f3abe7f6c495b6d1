"""A chat API body nested deeper than the JSON parser can recurse is a bad request (400 with
the API's error JSON), not a server error."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_deeply_nested_json_body_is_answered_400_with_the_apis_error(client, online_agent):
    response = client.post(
        "/api/chat/conversations",
        "[" * 100_000 + "]" * 100_000,
        content_type="application/json",
        headers={"X-Chat-Client": "widget", "Accept-Language": "zh-hans"},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert response.json()["fields"]["__all__"][0]["message"] == "请求正文必须是 JSON 对象。"
