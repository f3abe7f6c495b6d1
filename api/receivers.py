"""The API's own receivers: a key saved or deleted (admin, the command), and a customer account
or wallet identity saved or deleted, are read from the database again by this process
(``api.services.keys`` and ``api.services.identity`` keep them for a few seconds)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import WalletIdentity
from api.models import ApiKey
from api.services.identity import forget_wallet_customers
from api.services.keys import forget_keys


@receiver(post_save, sender=ApiKey, dispatch_uid="api.key_saved")
@receiver(post_delete, sender=ApiKey, dispatch_uid="api.key_deleted")
def api_key_changed(**kwargs: Any) -> None:
    forget_keys()


@receiver(post_save, sender=get_user_model(), dispatch_uid="api.customer_saved")
@receiver(post_delete, sender=get_user_model(), dispatch_uid="api.customer_deleted")
@receiver(post_save, sender=WalletIdentity, dispatch_uid="api.wallet_identity_saved")
@receiver(post_delete, sender=WalletIdentity, dispatch_uid="api.wallet_identity_deleted")
def wallet_customer_changed(**kwargs: Any) -> None:
    forget_wallet_customers()
