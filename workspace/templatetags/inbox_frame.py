"""``{% select field %}``, ``{% bulk_bar %}`` and ``{% shortcuts_dialog %}`` for the inbox
page (core.widgets, workspace.frame), ``{% pane_thread %}`` and
``{% property_menu prop action %}``, ``{% pane_tags %}`` and ``{% pane_customer %}`` for the
conversation pane (workspace.thread, workspace.menus, workspace.customer)."""

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from core.widgets import select_html
from tickets.console_properties import Property
from workspace import frame
from workspace.customer import render_customer
from workspace.menus import render_menu, render_tags
from workspace.thread import render_thread

register = template.Library()


@register.simple_tag(name="select")
def select_tag(field: BoundField) -> SafeString:
    return select_html(field)


@register.simple_tag(name="bulk_bar", takes_context=True)
def bulk_bar_tag(context: Any) -> SafeString:
    return frame.bulk_bar(context["request"], context.get("list_query") or "")


@register.simple_tag(name="shortcuts_dialog")
def shortcuts_dialog_tag() -> SafeString:
    return frame.shortcuts_dialog()


@register.simple_tag(name="pane_thread", takes_context=True)
def pane_thread_tag(context: Any) -> SafeString:
    return render_thread(context["pane"])


@register.simple_tag(name="property_menu", takes_context=True)
def property_menu_tag(context: Any, prop: Property, action: str) -> SafeString:
    return render_menu(prop, action=action, csrf_token=context.get("csrf_token"))


@register.simple_tag(name="pane_customer", takes_context=True)
def pane_customer_tag(context: Any) -> SafeString:
    return render_customer(
        context["pane"]["customer"], list_suffix=context.get("list_suffix") or ""
    )


@register.simple_tag(name="pane_tags", takes_context=True)
def pane_tags_tag(context: Any) -> SafeString:
    return render_tags(
        context["tagging"], urls=context["pane_urls"], csrf_token=context.get("csrf_token")
    )
