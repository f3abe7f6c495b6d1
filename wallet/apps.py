from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WalletConfig(AppConfig):
    name = "wallet"
    verbose_name = _("Account security")

    def ready(self) -> None:
        from wallet import receivers  # noqa: F401 - connects the role-change audit
