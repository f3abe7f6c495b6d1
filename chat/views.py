from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import agent_required


@agent_required
def console(request: HttpRequest) -> HttpResponse:
    """The agents' chat workspace (built by the Live chat issue)."""
    return render(request, "chat/console.html")
