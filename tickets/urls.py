"""Public request pages, under the language prefix: /<lang>/requests/…

A ticket page exists in two access modes with the same actions: by reference for a logged-in
customer (``tickets:ticket``…) and by the secret link (``tickets:portal``…)."""

from django.urls import path

from tickets import security_views, views

app_name = "tickets"

ACTIONS = [
    ("", views.ticket_page, ""),
    ("reply/", views.ticket_reply, "-reply"),
    ("solve/", views.ticket_solve, "-solve"),
    ("rate/", views.ticket_rate, "-rate"),
    ("new-link/", views.ticket_new_link, "-new-link"),
    ("files/<int:attachment_id>/", views.attachment_download, "-file"),
    ("verify/", security_views.ticket_verify, "-verify"),
    ("closure/<str:step>/", security_views.ticket_closure, "-closure"),
    ("freeze/", security_views.ticket_freeze, "-freeze"),
]

urlpatterns = [
    path("new/", views.create, name="create"),
]
for suffix, view, name in ACTIONS:
    urlpatterns += [
        path(f"t/<str:token>/{suffix}", view, name=f"portal{name}"),
        path(f"<str:reference>/{suffix}", view, name=f"ticket{name}"),
    ]
