from django.contrib import admin

from workspace.models import SavedView


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "base", "topic", "priority", "source", "language")
    list_filter = ("base",)
    search_fields = ("name", "owner__username")
    raw_id_fields = ("owner",)
