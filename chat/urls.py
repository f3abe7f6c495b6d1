from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("", views.page, name="page"),
    path("embed/", views.embed, name="embed"),
    path("loader.js", views.loader, name="loader"),
]
