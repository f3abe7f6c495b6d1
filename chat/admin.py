"""Admin for chat settings (widget origins, agent capacity) and a read-only view of chats.
Agents work in the staff console; supervisors and admins see and tune things here."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chat.models import AgentPresence, Conversation, Message, Transfer, WidgetOrigin
from chat.routing import normalize_origin


class WidgetOriginForm(forms.ModelForm):
    class Meta:
        model = WidgetOrigin
        fields = ("origin", "is_active", "note")

    def clean_origin(self) -> str:
        origin = normalize_origin(self.cleaned_data["origin"])
        if not origin.startswith(("https://", "http://")):
            raise forms.ValidationError(_("Enter an origin like https://shop.example.com"))
        return origin


@admin.register(WidgetOrigin)
class WidgetOriginAdmin(admin.ModelAdmin):
    form = WidgetOriginForm
    list_display = ("origin", "is_active", "note")
    list_editable = ("is_active",)


@admin.register(AgentPresence)
class AgentPresenceAdmin(admin.ModelAdmin):
    list_display = ("user", "status", "capacity", "last_seen_at", "last_assigned_at")
    list_editable = ("capacity",)
    list_filter = ("status",)
    readonly_fields = ("status", "last_seen_at", "last_assigned_at")


class MessageInline(admin.TabularInline):
    model = Message
    fields = ("seq", "sender_kind", "sender_name", "body", "has_attachments", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TransferInline(admin.TabularInline):
    model = Transfer
    fields = ("from_agent", "to_agent", "note", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "customer_name",
        "topic",
        "status",
        "agent",
        "created_at",
        "rating_score",
        "ticket_reference",
    )
    list_filter = ("status", "topic", "rating_score")
    search_fields = ("customer_name", "customer_email", "ticket_reference")
    list_select_related = ("topic", "agent")
    inlines = [MessageInline, TransferInline]
    readonly_fields = [f.name for f in Conversation._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Conversations start from the widget; edits go through the console's services.
        return False
