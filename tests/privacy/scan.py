"""Looking for a customer everywhere: every text, JSON and binary column of every model, and
every file of the private store."""

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def database_hits(needles: list[str]) -> list[str]:
    """``model.field pk=…`` for every value holding one of ``needles`` (case-insensitive)."""
    lowered = [n.lower() for n in needles]
    hits = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not names:
            continue
        for row in model._base_manager.values_list("pk", *names).iterator():
            for name, value in zip(names, row[1:], strict=True):
                text = _as_text(value).lower()
                hits.extend(
                    f"{model._meta.label}.{name} pk={row[0]}: {needle}"
                    for needle in lowered
                    if needle in text
                )
    return hits


def private_files() -> list[Path]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()]


def private_store_hits(*, hashes: list[str], names: list[str], needles: list[str]) -> list[str]:
    """Files of the private store that are one of the customer's attachments (same bytes or
    same stored name) or that hold one of ``needles``."""
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    wanted = set(hashes)
    hits = [name for name in names if (root / name).exists()]
    lowered = [n.lower().encode() for n in needles]
    for path in private_files():
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() in wanted:
            hits.append(str(path))
        lower = data.lower()
        hits.extend(f"{path}: {n!r}" for n in lowered if n in lower)
    return hits
