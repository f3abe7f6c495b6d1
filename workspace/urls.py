"""The staff workspace below /<lang>/console/inbox/ (the inbox itself is /<lang>/console/,
named ``console-home`` in helpcenter.urls)."""

from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path("rows/", views.inbox_fragment, name="inbox-rows"),
    path("views/", views.saved_view_create, name="saved-view-create"),
    path("views/<int:view_id>/delete/", views.saved_view_delete, name="saved-view-delete"),
]
