from django.urls import path

from chat import views

app_name = "chat_console"

urlpatterns = [
    path("", views.console, name="home"),
]
