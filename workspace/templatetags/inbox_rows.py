"""``{% inbox_rows %}``: the context's ``rows`` as the inbox lists them (workspace.rows)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from workspace.rows import render_rows

register = template.Library()


@register.simple_tag(name="inbox_rows", takes_context=True)
def inbox_rows_tag(context: Any) -> SafeString:
    return render_rows(
        context["rows"],
        list_query=context.get("list_query") or "",
        pane_key=context.get("pane_key"),
    )
