from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # drf-spectacular learns the API's authentication schemes from these extensions.
        from api import schema  # noqa: F401
