"""The console's e-mail actions: /<lang>/console/email/<reference>/… (agents only)."""

from django.urls import path

from email_channel import console_views as views

app_name = "email_console"

urlpatterns = [
    path("<str:reference>/held/<int:inbound_id>/accept/", views.held_accept, name="accept"),
    path("<str:reference>/held/<int:inbound_id>/discard/", views.held_discard, name="discard"),
    path("<str:reference>/cc/", views.participant_add, name="cc-add"),
    path(
        "<str:reference>/cc/<int:participant_id>/remove/",
        views.participant_remove,
        name="cc-remove",
    ),
]
