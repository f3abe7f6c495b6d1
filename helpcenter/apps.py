from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpcenterConfig(AppConfig):
    name = "helpcenter"
    verbose_name = _("Site settings")
