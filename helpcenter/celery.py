"""The Celery application. Each app may declare periodic tasks in ``<app>/schedule.py``."""

import importlib
import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")

app = Celery("helpcenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _options_read_once(sender: Celery, **kwargs: object) -> None:
    """Celery looks each option up under several names, Django's settings first: a score of
    misses on every task sent, which web requests pay (a new ticket sends one). Copied into
    Celery's own dict once, the first lookup finds them."""
    conf = sender.conf
    conf.update({key: conf[key] for key in list(conf.keys()) if key.islower()})


def _project_apps() -> list[str]:
    """The installed apps that are this project's own (a folder beside manage.py): every one
    may have a schedule, and none is forgotten (a hand-kept list once missed the API's sweep)."""
    from django.conf import settings

    root = Path(__file__).resolve().parent.parent
    return [name for name in settings.INSTALLED_APPS if (root / name).is_dir()]


def _collect_beat_schedule() -> dict:
    """Merge every app's ``BEAT`` dict; apps own their schedules so no one edits a shared list."""
    schedule: dict = {}
    for name in _project_apps():
        try:
            module = importlib.import_module(f"{name}.schedule")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.schedule":
                raise
            continue
        schedule.update(module.BEAT)
    return schedule


app.conf.beat_schedule = _collect_beat_schedule()


@worker_init.connect
@worker_process_init.connect
def _workers_use_the_relay(**kwargs: object) -> None:
    """Workers reach browsers through daphne's relay when the channel layer is in memory."""
    from core import realtime

    realtime.use_relay()
