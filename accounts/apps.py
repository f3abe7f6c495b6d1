from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from accounts import backends  # noqa: F401  (its receivers drop cached users on save)
        from accounts.roles import forget_role_names, sync_role_permissions

        m2m_changed.connect(
            forget_role_names,
            sender=get_user_model().groups.through,
            dispatch_uid="accounts.forget_role_names",
        )

        # Permissions of models added later (by any app) reach the roles after every migrate.
        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")


class HelpCenterAdminConfig(admin_apps.AdminConfig):
    """Django admin with a site that only supervisors and admins may enter."""

    default = False
    default_site = "accounts.admin_site.HelpCenterAdminSite"
