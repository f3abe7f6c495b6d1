from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Requests")

    def ready(self) -> None:
        # Registers the receivers: those that claim a confirmed address's guest requests
        # (accounts.signals), and those that drop the per-process copies of the SLA policies
        # when an admin edits one, or the kept assignees, canned responses and topics when
        # they change (tickets.kept); and its answers to the account security desk (wallet).
        from tickets import kept, receivers, security_receivers  # noqa: F401
        from tickets.sla import policies  # noqa: F401
