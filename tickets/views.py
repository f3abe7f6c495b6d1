from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def create(request: HttpRequest) -> HttpResponse:
    """The public request form (built by the Tickets issue)."""
    return render(request, "tickets/create.html")
