"""Admin for tags and macros (what admins define; agents apply them in the workspace)."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.roles import agent_accounts
from macros.models import Macro, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name_zh_hans", "name_en", "colour", "is_active")
    list_editable = ("colour", "is_active")
    list_filter = ("is_active", "colour")
    search_fields = ("name_zh_hans", "name_en")


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    list_display = ("title_zh_hans", "title_en", "scope", "status", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("scope", "is_active")
    search_fields = ("title_zh_hans", "title_en", "body_zh_hans", "body_en")
    filter_horizontal = ("tags",)
    fieldsets = (
        (None, {"fields": ("title_zh_hans", "title_en", "scope", "position", "is_active")}),
        (
            _("Reply"),
            {
                "fields": ("body_zh_hans", "body_en"),
                "description": _(
                    "Optional. Placeholders: {customer_name}, {agent_name} and {category} "
                    "everywhere; {reference} (the request's number) only in macros for tickets "
                    "only."
                ),
            },
        ),
        (
            _("Actions"),
            {
                "fields": ("tags", "status", "priority", "assignee", "team"),
                "description": _(
                    "Everything is applied at once, or nothing. Status, priority, assignee and "
                    "team apply to requests only."
                ),
            },
        ),
    )

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField:
        if db_field.name == "assignee":
            kwargs["queryset"] = agent_accounts()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
