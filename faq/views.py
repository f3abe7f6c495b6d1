from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The help center's front page."""
    return render(request, "faq/home.html")


def search(request: HttpRequest) -> HttpResponse:
    """Search results (the knowledge-base issue replaces this with real search)."""
    return render(request, "faq/search.html", {"query": request.GET.get("q", "")[:200]})
