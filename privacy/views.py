"""The customer's side: see what is kept, ask for a copy (e-mailed as a link), download it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import customer_required
from core.downloads import private_file_response
from core.ratelimits import over_limit
from privacy import selectors, services
from privacy.models import RetentionSettings

EXPORT_RATE = "3/d"


@customer_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/mine.html",
        {
            "exports": selectors.customer_exports(request.user),
            "periods": RetentionSettings.current(),
        },
    )


@customer_required
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    if over_limit([("privacy:export:user", str(request.user.pk), EXPORT_RATE)]):
        messages.error(request, _("You asked for several copies today. Please try again tomorrow."))
        return redirect("privacy:mine")
    services.export_request_create(user=request.user, request=request)
    messages.success(
        request, _("We are preparing your copy and will e-mail you a download link shortly.")
    )
    return redirect("privacy:mine")


@customer_required
@require_GET
def download(request: HttpRequest, archive_id: int, key: str) -> HttpResponse:
    try:
        archive = services.export_download_claim(archive_id=archive_id, key=key, user=request.user)
    except services.ExportLinkInvalid as exc:
        return render(request, "privacy/link_invalid.html", {"message": exc.message}, status=410)
    return private_file_response(archive, request=request, customer_id=request.user.pk)
