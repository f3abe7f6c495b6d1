from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_supervisor


class HelpCenterAdminSite(admin.AdminSite):
    """Django admin for supervisors and admins only; agents work in the staff console."""

    site_header = _("Help center administration")
    site_title = _("Help center admin")
    index_title = _("Content and settings")

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and is_supervisor(request.user)
