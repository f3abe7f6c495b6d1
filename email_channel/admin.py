"""Admin: the mailboxes to poll, the incoming mail (quarantine with "retry"), the addresses
agents added to requests and the addresses that bounce."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from email_channel import agents, secrets, services
from email_channel.models import BouncingAddress, InboundEmail, Mailbox, TicketParticipant


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label=_("password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Stored encrypted. Leave empty to keep the current one; prefer an environment variable."
        ),
    )

    class Meta:
        model = Mailbox
        fields = (
            "name",
            "host",
            "port",
            "security",
            "username",
            "password_env",
            "folder",
            "move_to",
            "is_active",
        )

    def save(self, commit: bool = True) -> Mailbox:
        mailbox = super().save(commit=False)
        if self.cleaned_data.get("password"):
            mailbox.password_encrypted = secrets.encrypt(self.cleaned_data["password"])
        if commit:
            mailbox.save()
        return mailbox


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = (
        "name",
        "host",
        "username",
        "folder",
        "is_active",
        "last_polled_at",
        "last_error",
    )
    list_filter = ("is_active",)
    readonly_fields = ("last_polled_at", "last_error")


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = ("received_at", "sender", "subject", "status", "route", "ticket", "reason")
    list_filter = ("status", "route")
    search_fields = ("message_id", "sender", "subject")
    readonly_fields = (
        "message_id",
        "mailbox",
        "sender",
        "subject",
        "status",
        "route",
        "reason",
        "ticket",
        "ticket_message",
        "related_ticket",
        "size",
        "attempts",
        "received_at",
    )
    actions = ("retry", "accept", "discard")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Retry the selected quarantined e-mails"))
    def retry(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        filed = failed = 0
        for inbound in queryset.filter(status=InboundEmail.Status.QUARANTINED):
            try:
                record = services.inbound_email_retry(inbound=inbound)
            except ValidationError:
                failed += 1
                continue
            if record.status == InboundEmail.Status.QUARANTINED:
                failed += 1
            else:
                filed += 1
        if filed:
            self.message_user(
                request,
                ngettext("%(count)d e-mail filed.", "%(count)d e-mails filed.", filed)
                % {"count": filed},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail is still quarantined.",
                    "%(count)d e-mails are still quarantined.",
                    failed,
                )
                % {"count": failed},
                messages.WARNING,
            )

    def _decide(self, request: HttpRequest, queryset: QuerySet[InboundEmail], decide) -> None:
        done = 0
        for inbound in queryset.filter(status=InboundEmail.Status.HELD):
            decide(inbound=inbound, by=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d e-mail decided.", "%(count)d e-mails decided.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Accept the selected e-mails from other senders into the thread"))
    def accept(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        self._decide(request, queryset, agents.held_email_accept)

    @admin.action(description=_("Discard the selected e-mails from other senders"))
    def discard(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        self._decide(request, queryset, agents.held_email_discard)


@admin.register(TicketParticipant)
class TicketParticipantAdmin(admin.ModelAdmin):
    list_display = ("ticket", "email", "added_by", "created_at")
    search_fields = ("email", "ticket__reference")
    raw_id_fields = ("ticket",)
    readonly_fields = ("added_by",)

    def save_model(self, request: HttpRequest, obj: TicketParticipant, form, change: bool) -> None:
        obj.email = obj.email.strip().lower()
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BouncingAddress)
class BouncingAddressAdmin(admin.ModelAdmin):
    list_display = ("email", "bounces", "last_bounce_at", "diagnostic")
    search_fields = ("email",)
