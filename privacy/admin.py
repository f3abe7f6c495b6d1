from django.contrib import admin
from django.http import HttpRequest

from privacy.models import ExportArchive, RetentionSettings


@admin.register(RetentionSettings)
class RetentionSettingsAdmin(admin.ModelAdmin):
    """One row: it can be changed, never added twice or deleted."""

    list_display = (
        "__str__",
        "attachment_days",
        "chat_transcript_days",
        "closed_ticket_days",
        "quarantine_days",
        "export_days",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RetentionSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ExportArchive)
class ExportArchiveAdmin(admin.ModelAdmin):
    """Read-only: archives are made from the console or by the customer, and expire."""

    list_display = (
        "created_at",
        "customer_id",
        "by_customer",
        "status",
        "expires_at",
        "downloaded_at",
    )
    list_filter = ("status", "by_customer")
    fields = (
        "created_at",
        "customer_id",
        "requested_by",
        "by_customer",
        "status",
        "size",
        "expires_at",
        "downloaded_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
