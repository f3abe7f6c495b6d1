"""/<lang>/console/dashboard/…: the live floor and the reports."""

from django.urls import path

from insights import console_views

app_name = "insights_console"

urlpatterns = [
    path("", console_views.dashboard, name="dashboard"),
    path("live/", console_views.dashboard_live, name="dashboard-live"),
    path("reports/", console_views.report, name="report"),
    path("reports/<slug:slug>.csv", console_views.report_csv, name="report-csv"),
]
