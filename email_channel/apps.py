from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmailChannelConfig(AppConfig):
    name = "email_channel"
    verbose_name = _("E-mail channel")

    def ready(self) -> None:
        from email_channel.console import ticket_page_parts
        from tickets.signals import console_ticket_parts

        console_ticket_parts.connect(ticket_page_parts, dispatch_uid="email_channel.console")
