from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # Registers the receivers of tickets.signals and chat.signals that write the outbox.
        from webhooks import receivers  # noqa: F401
