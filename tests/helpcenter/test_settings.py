import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Playwright tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    # The tests' settings module (tests/settings.py) is not a deployment's either.
    dropped = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HELPCENTER_PRODUCTION="true",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-for-the-test-only",
        ALLOWED_HOSTS="help.wallet.example",
        CSRF_TRUSTED_ORIGINS="https://help.wallet.example",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", HELPCENTER_PRODUCTION="true", ALLOWED_HOSTS="h.example")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_default_has_debug_off_and_sqlite():
    from django.conf import settings

    assert settings.DEBUG is False
    if os.environ.get("HELPCENTER_TEST_PASS") == "embedded":
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        assert settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith("InMemoryChannelLayer")
        assert settings.CELERY_BROKER_URL == "filesystem://"
