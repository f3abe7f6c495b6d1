"""The pane's one-click property menus (status, priority, topic, assignee) as HTML, written in
Python: the same markup as the template of record, ``workspace/_menu.html``; and its tags part
(chips, the Tags menu, the Macros menu), the same markup as ``workspace/_pane_tags.html``
(each chip was a template include).

The topic and assignee menus hold one item per topic and per agent, each a few template tags,
so the four menus were a large part of a ticket pane's render. Every value is escaped as the
template escapes it; tests/workspace/test_menus.py holds the output equal to the template's
for every property, with and without choices, and for tags and macros, with and without
tags on the conversation, inactive tags, hostile names included, in both languages.
"""

from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.i18n import localized
from tickets.console_properties import Property

CHEVRON = (
    '<svg class="wp-chevron" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" '
    'focusable="false" fill="none" stroke="currentColor" stroke-width="2.4" '
    'stroke-linecap="round" stroke-linejoin="round"><path d="M6 9l6 6 6-6"/></svg>'
)


def _e(value: Any) -> str:
    """``{{ value }}``."""
    return str(conditional_escape(str(value)))


def csrf_input(csrf_token: Any) -> str:
    """``{% csrf_token %}`` for the context's token."""
    if not csrf_token or csrf_token == "NOTPROVIDED":  # noqa: S105  (Django's marker, no secret)
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)


def render_menu(prop: Property, *, action: str, csrf_token: Any) -> SafeString:
    """``workspace/_menu.html`` rendered with ``prop``, ``action`` and the CSRF token."""
    name = _e(prop.name)
    head = (
        f'\n<div class="wp-prop" data-menu>\n'
        f'  <span class="wp-prop__label" id="wp-{name}-label">{_e(prop.label)}</span>\n  '
    )
    if not prop.choices:
        body = (
            f'\n  <span class="wp-prop__static" id="wp-{name}-button">{_e(prop.current)}</span>\n  '
        )
        return mark_safe(f"{head}{body}\n</div>\n")  # noqa: S308  (escaped as the template)
    key = _e(prop.key)
    items = "".join(
        f'<button type="submit" class="wp-menu__item" role="menuitemradio" '
        f'aria-checked="{"true" if choice.current else "false"}" name="{name}" '
        f'value="{_e(choice.value)}" tabindex="-1"'
        f"{' data-solve' if choice.value == 'solved' else ''}>{_e(choice.label)}</button>"
        for choice in prop.choices
    )
    body = (
        f'\n  <button type="button" class="wp-prop__button" id="wp-{name}-button" '
        f'aria-haspopup="menu" aria-expanded="false" aria-controls="wp-{name}-menu"\n'
        f'    aria-labelledby="wp-{name}-label wp-{name}-button" data-shortcut="{key}" '
        f'aria-keyshortcuts="{key}"><span>{_e(prop.current)}</span>{CHEVRON}</button>\n'
        f'  <form class="wp-menu" id="wp-{name}-menu" role="menu" '
        f'aria-labelledby="wp-{name}-label" method="post" action="{_e(action)}" data-pane-form '
        f"hidden>{csrf_input(csrf_token)}\n"
        f"    {items}\n"
        f"  </form>\n  "
    )
    return mark_safe(f"{head}{body}\n</div>\n")  # noqa: S308  (escaped as the template)


def _chip(tag: Any) -> str:
    """``macros/_chip.html`` (the include ends with a line break)."""
    return (
        f'<span class="tag-chip tag-chip--{_e(tag.colour or "grey")}">'
        f"{_e(localized(tag, 'name'))}</span>\n"
    )


def render_tags(tagging: dict[str, Any], *, urls: dict[str, str], csrf_token: Any) -> SafeString:
    """``workspace/_pane_tags.html`` rendered with ``tagging`` (``panes.pane_tagging``), the
    pane's ``urls`` (``tag``, ``macro``) and the CSRF token."""
    chips = "".join(f"<li>{_chip(tag)}</li>" for tag in tagging["tags"]) or (
        f'<li class="wp-tags__none">{_e(gettext("No tags"))}</li>'
    )
    tag_menu = macro_menu = ""
    if tagging["choices"]:
        items = "".join(
            f'<button type="submit" class="wp-menu__item" role="menuitemcheckbox" '
            f'aria-checked="{"true" if choice["on"] else "false"}" '
            f'name="{"remove" if choice["on"] else "add"}" value="{_e(choice["tag"].pk)}" '
            f'tabindex="-1">{_chip(choice["tag"])}</button>'
            for choice in tagging["choices"]
        )
        tag_menu = (
            '\n  <div class="wp-prop" data-menu>\n'
            '    <button type="button" class="wp-prop__button" id="wp-tag-button" '
            'aria-haspopup="menu" aria-expanded="false" aria-controls="wp-tag-menu" '
            f'data-shortcut="l" aria-keyshortcuts="l">{_e(gettext("Add or remove a tag"))} '
            "<kbd>l</kbd></button>\n"
            '    <form class="wp-menu" id="wp-tag-menu" role="menu" '
            f'aria-labelledby="wp-tag-button" method="post" action="{_e(urls["tag"])}" '
            f"data-pane-form hidden>{csrf_input(csrf_token)}\n"
            f"      {items}\n"
            "    </form>\n  </div>\n  "
        )
    if tagging["macros"]:
        items = "".join(
            f'<button type="submit" class="wp-menu__item" role="menuitem" name="macro" '
            f'value="{_e(macro.pk)}" tabindex="-1">{_e(localized(macro, "title"))}</button>'
            for macro in tagging["macros"]
        )
        macro_menu = (
            '\n  <div class="wp-prop" data-menu>\n'
            '    <button type="button" class="wp-prop__button" id="wp-macro-button" '
            'aria-haspopup="menu" aria-expanded="false" aria-controls="wp-macro-menu" '
            f'data-shortcut="m" aria-keyshortcuts="m">{_e(gettext("Macros"))} '
            "<kbd>m</kbd></button>\n"
            '    <form class="wp-menu wp-menu--end" id="wp-macro-menu" role="menu" '
            f'aria-labelledby="wp-macro-button" method="post" action="{_e(urls["macro"])}" '
            f"data-pane-form hidden>{csrf_input(csrf_token)}\n"
            f"      {items}\n"
            "    </form>\n  </div>\n  "
        )
    html = (
        '\n<div class="wp-tags" data-live-part="tags">\n'
        f'  <span class="wp-prop__label" id="wp-tags-label">{_e(gettext("Tags"))}</span>\n'
        '  <ul class="wp-tags__list" aria-labelledby="wp-tags-label">\n'
        f"    {chips}\n"
        f"  </ul>\n  {tag_menu}\n  {macro_menu}\n</div>\n"
    )
    return mark_safe(html)  # noqa: S308  (escaped as the template)
