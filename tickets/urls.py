from django.urls import path

from tickets import views

app_name = "tickets"

urlpatterns = [
    path("new/", views.create, name="create"),
    path("mine/", views.create, name="my-list"),
]
