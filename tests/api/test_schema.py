from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command
from openapi_spec_validator import validate

CHECKED_IN = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def _generated(tmp_path: Path) -> str:
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "en", "--file", str(target))
    return target.read_text()


def test_the_schema_is_valid_openapi_3_1(tmp_path, db):
    schema = yaml.safe_load(_generated(tmp_path))

    validate(schema)
    assert schema["openapi"] == "3.1.0"


def test_the_checked_in_schema_is_the_generated_one(tmp_path, db):
    # After an API change: .venv/bin/python manage.py spectacular --lang en --file docs/openapi.yaml
    assert CHECKED_IN.read_text() == _generated(tmp_path)


def test_the_schema_is_served(client):
    response = client.get("/api/v1/schema/?format=json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Help center API"


def test_the_docs_page_loads_only_local_scripts(client):
    page = client.get("/api/v1/docs/").content.decode()

    assert "/static/vendor/swagger-ui/swagger-ui-bundle" in page
    assert "<script>" not in page
    assert "https://" not in page
