"""The schema's human-readable page (Swagger UI, vendored: nothing from the internet, no inline
script, so the site's CSP applies unchanged), and a problem for unknown paths."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html")


class Unknown(APIView):
    """Any other path under /api/v1/: a 404 problem rather than the site's HTML page."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(exclude=True)
    def get(self, request: Request, rest: str) -> Response:
        raise NotFound

    post = put = patch = delete = get
