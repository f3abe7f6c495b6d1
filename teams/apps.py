from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    """Teams of agents and who handles what (below chat and tickets, above accounts/core)."""

    name = "teams"
    verbose_name = _("Teams")

    def ready(self) -> None:
        from teams import receivers  # noqa: F401  (connects the routing table's clearing)
