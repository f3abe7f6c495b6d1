"""Admin for the account security desk: the on-call list paged for security reports outside
business hours, the cooling-off period of account closures, the demo wallet's accounts, and
what the desk did (verifications, freezes, closure requests: read-only)."""

from django.contrib import admin
from django.http import HttpRequest

from wallet.models import (
    AccountFreeze,
    ClosureRequest,
    DemoAccount,
    DemoTransaction,
    DeskSettings,
    FreezeRequest,
    OnCallContact,
    Verification,
)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the security desk's services only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AccountFreeze)
class AccountFreezeAdmin(ReadOnlyAdmin):
    list_display = ("wallet_user_id", "kind", "conversation_id", "frozen_at", "unfrozen_at")
    list_filter = ("kind",)


@admin.register(FreezeRequest)
class FreezeRequestAdmin(ReadOnlyAdmin):
    list_display = ("kind", "conversation_id", "status", "requested_at", "applied_at")
    list_filter = ("status", "kind")


@admin.register(ClosureRequest)
class ClosureRequestAdmin(ReadOnlyAdmin):
    list_display = ("wallet_user_id", "status", "requested_at", "cooling_off_until")
    list_filter = ("status",)


@admin.register(DeskSettings)
class DeskSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "closure_cooling_off_days")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not DeskSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
