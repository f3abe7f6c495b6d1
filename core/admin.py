"""Admin for the shared rows: the topics customers come with (request form and chat routing),
business hours and holidays (SLA clocks and the chat's "we are closed" notice), and the
read-only audit log."""

from django.contrib import admin
from django.http import HttpRequest

from core.models import AuditEntry, BusinessHours, Holiday, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = (
        "name_zh_hans",
        "name_en",
        "default_priority",
        "is_security",
        "position",
        "is_active",
    )
    list_editable = ("position", "is_active")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(BusinessHours)
class BusinessHoursAdmin(admin.ModelAdmin):
    list_display = ("weekday", "opens_at", "closes_at")


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name_zh_hans", "name_en")
    date_hierarchy = "date"


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody may add, change or delete an audit row (the staff console's audit page
    filters and exports them for supervisors)."""

    list_display = (
        "created_at",
        "action",
        "actor_id",
        "actor_role",
        "object_type",
        "object_id",
        "customer_id",
        "address",
    )
    list_filter = ("action", "actor_role")
    date_hierarchy = "created_at"
    search_fields = ("object_id",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
