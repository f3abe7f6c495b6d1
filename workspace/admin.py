from django.contrib import admin

from workspace.models import AgentNotification, SavedView


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    """Admins publish a view to a team by choosing the team (its members see it)."""

    list_display = ("name", "owner", "team", "base", "topic", "priority", "source", "language")
    list_filter = ("base", "team")
    search_fields = ("name", "owner__username")
    raw_id_fields = ("owner",)


@admin.register(AgentNotification)
class AgentNotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the workspace's receivers and pruned daily."""

    list_display = ("created_at", "recipient", "kind", "ticket", "conversation", "read_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username",)
    raw_id_fields = ("recipient", "ticket", "conversation")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
