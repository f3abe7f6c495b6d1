import pytest

from helpcenter.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_reports_every_dependency_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "channel_layer", "broker"}
    assert all(check["status"] == "up" for check in body["checks"].values())


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_broker_when_it_is_down(client, monkeypatch):
    from tests.services import free_port

    # A real connection attempt to a port where nothing listens. The embedded default names
    # its own transport class (helpcenter.broker); a Redis broker goes by its URL alone.
    monkeypatch.setattr(celery_app.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setitem(celery_app.conf, "broker_transport", None)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "down"
    assert response.json()["checks"]["database"]["status"] == "up"
