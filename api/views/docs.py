"""The schema and its human-readable page (Swagger UI, vendored: nothing from the internet, no
inline script, so the site's CSP applies unchanged)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html")
