from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MacrosConfig(AppConfig):
    """Tags on tickets and chats, and macros (named sets of actions): above chat and tickets,
    below workspace."""

    name = "macros"
    verbose_name = _("Tags and macros")
