"""Admin for the account security desk: the on-call list paged for security reports outside
business hours, the demo wallet's accounts, and identity verifications (read-only)."""

from django.contrib import admin
from django.http import HttpRequest

from wallet.models import DemoAccount, DemoTransaction, OnCallContact, Verification


@admin.register(OnCallContact)
class OnCallContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "is_active")
    list_editable = ("is_active",)


class DemoTransactionInline(admin.TabularInline):
    model = DemoTransaction
    extra = 0


@admin.register(DemoAccount)
class DemoAccountAdmin(admin.ModelAdmin):
    list_display = ("wallet_user_id", "status", "verification_level", "frozen", "balance")
    list_filter = ("status", "frozen")
    inlines = [DemoTransactionInline]


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin):
    list_display = ("kind", "conversation_id", "customer_id", "method", "verified_at")
    list_filter = ("kind", "method")
    exclude = ("code_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
