"""The staff workspace below /<lang>/console/inbox/ (the inbox itself is /<lang>/console/,
named ``console-home`` in helpcenter.urls). A pane's address keeps the list's query string
(``?view=…``), so the list beside it is the one the agent opened it from."""

from django.urls import path

from workspace import notification_views, pane_views, views

app_name = "workspace"

urlpatterns = [
    path("rows/", views.inbox_fragment, name="inbox-rows"),
    path("bulk/", views.inbox_bulk, name="inbox-bulk"),
    path("views/", views.saved_view_create, name="saved-view-create"),
    path("views/<int:view_id>/delete/", views.saved_view_delete, name="saved-view-delete"),
    path("t/<str:reference>/", pane_views.ticket_page, name="ticket"),
    path("t/<str:reference>/pane/", pane_views.ticket_page, name="ticket-pane"),
    path("t/<str:reference>/reply/", pane_views.ticket_reply, name="ticket-reply"),
    path("t/<str:reference>/set/<str:name>/", pane_views.ticket_property, name="ticket-property"),
    path("c/<int:conversation_id>/", pane_views.chat_page, name="chat"),
    path("t/<str:reference>/tag/", pane_views.ticket_tag, name="ticket-tag"),
    path("t/<str:reference>/macro/", pane_views.ticket_macro, name="ticket-macro"),
    path("c/<int:conversation_id>/pane/", pane_views.chat_page, name="chat-pane"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/read/", notification_views.notifications_read, name="notifications-read"),
    path(
        "notifications/<int:notification_id>/read/",
        notification_views.notification_read,
        name="notification-read",
    ),
    path("c/<int:conversation_id>/tag/", pane_views.chat_tag, name="chat-tag"),
    path("c/<int:conversation_id>/macro/", pane_views.chat_macro, name="chat-macro"),
]
