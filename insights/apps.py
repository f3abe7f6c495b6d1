from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Service metrics")

    def ready(self) -> None:
        # Records the deflection events the lower apps announce (faq, tickets and chat signals).
        from insights import lifecycle, receivers  # noqa: F401
