"""A signed-in customer's own data: /<lang>/privacy/…"""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("export/", views.export_request, name="export-request"),
    path("download/<int:archive_id>/<str:key>/", views.download, name="download"),
]
