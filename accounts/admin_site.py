from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminSignInForm
from accounts.roles import is_supervisor
from accounts.views import sign_in_answer, sign_in_rate_limited


class HelpCenterAdminSite(admin.AdminSite):
    """Django admin for supervisors and admins only; agents work in the staff console."""

    site_header = _("Help center administration")
    site_title = _("Help center admin")
    index_title = _("Content and settings")
    login_form = AdminSignInForm

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and is_supervisor(request.user)

    @method_decorator(sign_in_rate_limited)
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Django's admin sign-in under the site's throttle (same rules, same counts)."""
        return sign_in_answer(request, super().login(request, extra_context))
