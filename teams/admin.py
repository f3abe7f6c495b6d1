from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.roles import agent_accounts
from teams.models import Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh_hans", "language", "is_security", "is_active", "size")
    list_filter = ("is_active", "is_security", "language")
    search_fields = ("name_en", "name_zh_hans")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description=_("members"))
    def size(self, team: Team) -> int:
        return len(team.members.all())

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "members":
            kwargs["queryset"] = agent_accounts().order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
