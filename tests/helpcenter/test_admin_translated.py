"""Django admin in Chinese: every app, model and field label admins see has a Chinese name."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import translation

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
# Labels that are the same in both languages.
SAME_IN_BOTH = {"ID", "URL", "SLA", "IP", "Email", "E-mail"}


def _labels() -> list[tuple[str, str]]:
    """(where, label) of every app, model and field label the admin shows."""
    labels = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        where = f"{meta.app_label}.{meta.model_name}"
        labels += [
            (f"{meta.app_label} (app)", str(meta.app_config.verbose_name)),
            (where, str(meta.verbose_name)),
            (f"{where} (plural)", str(meta.verbose_name_plural)),
        ]
        for field in meta.get_fields():
            if field.auto_created or not hasattr(field, "verbose_name"):
                continue
            labels.append((f"{where}.{field.name}", str(field.verbose_name)))
        for name in model_admin.list_display:  # the change list's column headers
            label = label_for_field(name, model, model_admin)
            labels.append((f"{where} column {name}", str(label)))
    return labels


def test_every_admin_label_has_a_chinese_translation():
    with translation.override("zh-hans"):
        missing = sorted(
            f"{where}: {label}"
            for where, label in _labels()
            if label not in SAME_IN_BOTH and not CJK.search(label)
        )

    assert missing == []
