import pytest
import time_machine


@pytest.mark.django_db
def test_pages_send_nosniff_frame_deny_and_referrer_policy(client):
    response = client.get("/en/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_login_form_is_csrf_protected(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/en/account/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403


@pytest.mark.django_db
def test_login_is_rate_limited_per_ip(client):
    # A frozen clock keeps all 21 attempts inside one rate-limit window however slow the run.
    with time_machine.travel("2026-11-22 10:00:05", tick=False):
        for _ in range(20):
            client.post("/en/account/login/", {"username": "nobody", "password": "wrong"})

        response = client.post("/en/account/login/", {"username": "nobody", "password": "wrong"})

    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
