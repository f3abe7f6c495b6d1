from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Topics and hours")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from core import db, topics  # noqa: F401 - topics registers its memo's receivers

        # Connected after Django's own connection handling (django.db connects at import).
        request_started.connect(db.skip_health_check_when_recent, dispatch_uid="hc-health-skip")
        request_finished.connect(db.remember_request_end, dispatch_uid="hc-request-end")
