from django.urls import path

from accounts.decorators import agent_required
from tickets import views

app_name = "tickets_console"

urlpatterns = [
    path("", agent_required(views.create), name="list"),
]
