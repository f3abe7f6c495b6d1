"""The event log in admin: read-only, for supervisors checking what a figure is made of."""

from django.contrib import admin
from django.http import HttpRequest

from insights.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "kind",
        "channel",
        "language",
        "visitor",
        "article_id",
        "ticket_id",
        "conversation_id",
    )
    list_filter = ("kind", "channel", "language")
    date_hierarchy = "at"
    search_fields = ("query",)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False
