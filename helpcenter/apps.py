from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpcenterConfig(AppConfig):
    name = "helpcenter"
    verbose_name = _("Site settings")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from helpcenter import db

        # Connected after Django's own connection handling (django.db connects at import).
        request_started.connect(db.skip_health_check_when_recent, dispatch_uid="hc-health-skip")
        request_finished.connect(db.remember_request_end, dispatch_uid="hc-request-end")
