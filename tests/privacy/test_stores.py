"""The registry of personal-data stores covers every model that can hold text."""

from django.apps import apps
from django.db import models

from privacy.stores import NOT_PERSONAL, STORES

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def test_every_model_with_text_is_a_listed_store_or_said_to_hold_nothing_personal():
    listed = {store.model for store in STORES} | set(NOT_PERSONAL)
    with_text = {
        model._meta.label
        for model in apps.get_models()
        if any(isinstance(f, TEXT_FIELDS) for f in model._meta.concrete_fields)
    }

    assert sorted(with_text - listed) == []
