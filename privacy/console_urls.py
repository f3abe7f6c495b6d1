"""Supervisors' privacy desk in the staff console: /<lang>/console/privacy/…"""

from django.urls import path

from privacy import console_views as views

app_name = "privacy_console"

urlpatterns = [
    path("", views.home, name="home"),
    path("export/", views.export, name="export"),
    path("exports/<int:archive_id>/", views.export_download, name="export-download"),
    path("erase/", views.erase, name="erase"),
]
