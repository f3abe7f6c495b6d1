"""The API's own receivers: a key saved or deleted (admin, the command) is read from the
database again by this process (``api.services.keys``: keys are kept for a few seconds)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from api.models import ApiKey
from api.services.keys import forget_keys


@receiver(post_save, sender=ApiKey, dispatch_uid="api.key_saved")
@receiver(post_delete, sender=ApiKey, dispatch_uid="api.key_deleted")
def api_key_changed(**kwargs: Any) -> None:
    forget_keys()
