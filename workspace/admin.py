from django.contrib import admin

from workspace.models import SavedView


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    """Admins publish a view to a team by choosing the team (its members see it)."""

    list_display = ("name", "owner", "team", "base", "topic", "priority", "source", "language")
    list_filter = ("base", "team")
    search_fields = ("name", "owner__username")
    raw_id_fields = ("owner",)
