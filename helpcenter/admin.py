from django.contrib import admin

from helpcenter.models import ContactChannel
from helpcenter.selectors import contact_channels_changed


@admin.register(ContactChannel)
class ContactChannelAdmin(admin.ModelAdmin):
    list_display = ("label_zh_hans", "label_en", "kind", "value", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("kind", "is_active")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        contact_channels_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        contact_channels_changed()
