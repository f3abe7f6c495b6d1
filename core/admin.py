"""Admin for the shared rows: the topics customers come with (request form and chat routing),
business hours and holidays (SLA clocks and the chat's "we are closed" notice)."""

from django.contrib import admin

from core.models import BusinessHours, Holiday, Topic


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
