from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Live chat")

    def ready(self) -> None:
        # Claims a confirmed address's guest chats (accounts.signals); answers the account
        # security desk (wallet.signals).
        from chat import receivers, security_receivers  # noqa: F401
