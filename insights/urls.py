"""Routes outside the language prefix: the beacon."""

from django.urls import path

from insights import views

urlpatterns = [
    path("api/insights/beacon", views.beacon, name="insights-beacon"),
]
