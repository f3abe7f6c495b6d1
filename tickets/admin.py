"""Admin for what admins edit (canned responses, SLA policies) and a read-mostly
view of tickets, the e-mail outbox and ratings. Agents work in the staff console instead."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import TopicAdmin
from core.models import Topic
from tickets.models import (
    CannedResponse,
    Notification,
    SatisfactionRating,
    SlaPolicy,
    Ticket,
    TicketEvent,
    TicketMessage,
    TopicField,
)


class TopicFieldInline(admin.StackedInline):
    """The topic's own questions on the request form, edited on the topic's page."""

    model = TopicField
    extra = 0
    fields = (
        ("key", "kind", "required", "position"),
        ("label_zh_hans", "label_en"),
        "choices",
        ("help_zh_hans", "help_en"),
    )


# The topic lives in core, which knows nothing of requests: its admin gains the inline here.
admin.site.unregister(Topic)


@admin.register(Topic)
class TopicWithFieldsAdmin(TopicAdmin):
    inlines = (*TopicAdmin.inlines, TopicFieldInline)


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    list_display = ("title_zh_hans", "title_en", "scope", "category", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("scope", "is_active", "category")
    search_fields = ("title_zh_hans", "title_en", "body_zh_hans", "body_en")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title_zh_hans",
                    "title_en",
                    "scope",
                    "category",
                    "position",
                    "is_active",
                )
            },
        ),
        (
            None,
            {
                "fields": ("body_zh_hans", "body_en"),
                "description": _(
                    "Placeholders: {customer_name}, {agent_name} and {category} everywhere; "
                    "{reference} (the request's number) only in responses for tickets only."
                ),
            },
        ),
    )


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "first_response_minutes",
        "resolution_minutes",
        "business_hours_only",
    )
    list_filter = ("priority", "business_hours_only")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MessageInline(ReadOnlyInline):
    model = TicketMessage
    fields = ("created_at", "author_kind", "author", "internal", "body")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ("created_at", "actor", "kind", "old_value", "new_value")
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the console so they are recorded as events."""

    list_display = (
        "reference",
        "subject",
        "status",
        "priority",
        "category",
        "assignee",
        "created_at",
    )
    list_filter = ("status", "priority", "category", "source")
    search_fields = ("reference", "customer_email", "transaction_number", "subject")
    list_select_related = ("category", "assignee")
    date_hierarchy = "created_at"
    inlines = [MessageInline, EventInline]
    readonly_fields = [f.name for f in Ticket._meta.fields if f.name != "portal_key"]
    exclude = ("portal_key",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("idempotency_key", "kind", "recipient_email", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("idempotency_key", "recipient_email", "ticket__reference")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SatisfactionRating)
class SatisfactionRatingAdmin(admin.ModelAdmin):
    list_display = ("ticket", "score", "created_at")
    list_filter = ("score",)
    readonly_fields = ("ticket", "score", "comment")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
