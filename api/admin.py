"""API keys in admin: created here or with ``manage.py apikey create`` (the key is shown once,
on the page right after saving, and never stored in plain text), revoked with an action."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api import services
from api.models import ApiKey


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=ApiKey.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Give each system only what it needs."),
    )

    class Meta:
        model = ApiKey
        fields = ("name",)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "scope_list", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "scope_list", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "prefix", "scope_list", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    @admin.display(description=_("scopes"))
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scopes)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
            kwargs["fields"] = ("name", "scopes")
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("name", "scopes") if obj is None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            obj.save(update_fields=["name", "updated_at"])
            return
        created = services.api_key_create(name=obj.name, scopes=form.cleaned_data["scopes"])
        obj.__dict__.update(created.api_key.__dict__)
        request._api_key_plain = created.plain  # shown once by response_add

    def response_add(self, request: HttpRequest, obj: ApiKey, post_url_continue: Any = None):
        plain = getattr(request, "_api_key_plain", None)
        if plain is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "api_key": obj,
            "plain": plain,
            "title": _("API key created"),
        }
        response: HttpResponse = TemplateResponse(request, "admin/api/apikey/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected API keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        keys = list(queryset.filter(revoked_at__isnull=True))
        for api_key in keys:
            services.api_key_revoke(api_key=api_key)
        self.message_user(
            request,
            ngettext("%(count)d API key revoked.", "%(count)d API keys revoked.", len(keys))
            % {"count": len(keys)},
            messages.SUCCESS,
        )
