from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # drf-spectacular learns the API's authentication schemes from the schema's
        # extensions; the receivers have a key edited or deleted in admin read again (keys are
        # kept per process, api.services.keys).
        from api import (
            receivers,  # noqa: F401
            schema,  # noqa: F401
        )
