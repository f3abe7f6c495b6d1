from django.contrib import admin
from django.core.cache import cache

from helpcenter.models import ContactChannel
from helpcenter.selectors import CONTACT_CHANNELS_CACHE_KEY


@admin.register(ContactChannel)
class ContactChannelAdmin(admin.ModelAdmin):
    list_display = ("label_zh_hans", "label_en", "kind", "value", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("kind", "is_active")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        cache.delete(CONTACT_CHANNELS_CACHE_KEY)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        cache.delete(CONTACT_CHANNELS_CACHE_KEY)
