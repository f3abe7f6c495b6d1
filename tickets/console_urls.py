"""The staff console's ticket pages: /<lang>/console/tickets/… (agents only)."""

from django.urls import path

from tickets import console_views as views
from tickets import contact_views

app_name = "tickets_console"

urlpatterns = [
    path("", views.ticket_list, name="list"),
    # Before <reference>/: "new" is not a reference.
    path("new/", views.ticket_new, name="new"),
    path("<str:reference>/", views.ticket_detail, name="detail"),
    path("<str:reference>/reply/", views.ticket_reply, name="reply"),
    path("<str:reference>/status/", views.ticket_set_status, name="status"),
    path("<str:reference>/priority/", views.ticket_set_priority, name="priority"),
    path("<str:reference>/category/", views.ticket_set_category, name="category"),
    path("<str:reference>/assign/", views.ticket_assign, name="assign"),
    path("<str:reference>/merge/", views.ticket_merge, name="merge"),
    path("<str:reference>/canned/", views.canned_render, name="canned"),
    path(
        "<str:reference>/contact-email/",
        contact_views.ticket_contact_email,
        name="contact-email",
    ),
]
