"""Admins create subscriptions (the signing secret is made for them and shown here), watch the
deliveries and their attempts, send a delivery again and turn a failing subscription back on."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from webhooks import events, services, targets
from webhooks.models import Attempt, Delivery, Subscription


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(
        label=capfirst(_("target URL")),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text=Subscription._meta.get_field("url").help_text,
    )
    events = forms.TypedMultipleChoiceField(
        label=capfirst(_("events")),
        choices=events.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The event types sent to this endpoint."),
    )

    class Meta:
        model = Subscription
        fields = ("name", "url", "events", "is_active")

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        targets.check_target(url)
        return url


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ("name", "url", "is_active", "failing_since")
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    readonly_fields = (
        "secret",
        "failing_since",
        "disabled_reason",
        "notice_queued_at",
        "created_at",
        "updated_at",
    )
    fields = ("name", "url", "events", "is_active", *readonly_fields)
    actions = ("reactivate",)

    @admin.action(description=_("Turn on again (forget the failures)"))
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Subscription]) -> None:
        for subscription in queryset:
            services.subscription_reactivate(subscription=subscription)
        self.message_user(
            request,
            ngettext(
                "%(count)d subscription turned on.",
                "%(count)d subscriptions turned on.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = ("attempted_at", "status_code", "duration_ms", "response_excerpt")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "event_type",
        "subscription",
        "status",
        "attempts",
        "created_at",
        "delivered_at",
    )
    list_filter = ("status", "event_type", "subscription")
    search_fields = ("event_id",)
    list_select_related = ("subscription",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "subscription",
        "event_id",
        "event_type",
        "payload",
        "status",
        "attempts",
        "created_at",
        "schedule_start",
        "next_attempt_at",
        "delivered_at",
        "finished_at",
    )
    fields = readonly_fields
    inlines = (AttemptInline,)
    actions = ("redeliver",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_redeliver_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("webhooks.change_delivery")

    @admin.action(description=_("Send again (same event id)"), permissions=["redeliver"])
    def redeliver(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        sent = 0
        for delivery in queryset:
            try:
                services.delivery_redeliver(delivery=delivery)
            except ValidationError as refused:
                self.message_user(
                    request, f"{delivery.event_id}: {' '.join(refused.messages)}", messages.ERROR
                )
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery queued to be sent again.",
                    "%(count)d deliveries queued to be sent again.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
