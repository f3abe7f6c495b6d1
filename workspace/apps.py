from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The staff workspace: one inbox of chats and tickets (above both apps)."""

    name = "workspace"
    verbose_name = _("Staff workspace")

    def ready(self) -> None:
        from workspace import (  # noqa: F401  (their receivers)
            offered,  # the pane's kept tags, macros, canned responses and topics
            receivers,  # notifications of tickets' and chat's changes
        )
