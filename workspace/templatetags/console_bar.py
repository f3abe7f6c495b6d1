"""``{% console_bar %}``: the staff console's top bar (templates/console/_bar.html) for the
signed-in staff member, used by templates/console/base.html.

Every console page shows it and it is the same for every agent of a role in a language but for
a few values: their name, the search text, their unread notifications, the language links of
the page and the CSRF token. So it is rendered once per (language, role, section) and those
values are filled in (``core.person_pages.render_part``); tests/workspace/test_frame.py holds
the copy equal to the plain render."""

from typing import Any

from django import template
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from accounts import roles
from core.memo import KeyedMemo
from core.person_pages import render_part
from workspace import notifications

register = template.Library()


def bell_values(unread: int) -> dict[str, str]:
    """The bell's count, its hidden flag and its label for ``unread`` notifications (the
    script changes them the same way when the count moves: static/workspace/console_bar.js)."""
    if unread == 1:
        label = gettext("Notifications, 1 unread")
    elif unread:
        label = gettext("Notifications, %(n)s unread") % {"n": unread}
    else:
        label = gettext("Notifications")
    return {"count": str(unread), "hidden": "" if unread else "hidden", "label": label}


def permission_flags(user: Any) -> tuple[bool, bool]:
    """``user.has_perm("core.view_auditentry")`` and ``user.has_module_perms("faq")`` (the More
    menu's Audit log, Privacy and Admin) in one small query. Django's backend answers them by
    loading every permission of every group of the user into a set (hundreds for an admin), a
    seventh of an inbox page's CPU; tests/workspace/test_frame.py holds the two equal."""
    if not user.is_active:
        return False, False
    if user.is_superuser:
        return True, True
    return _granted(user.pk)


def _granted(user_id: int) -> tuple[bool, bool]:
    apps = set(
        Permission.objects.filter(Q(user=user_id) | Q(group__user=user_id))
        .filter(
            Q(content_type__app_label="core", codename="view_auditentry")
            | Q(content_type__app_label="faq")
        )
        .values_list("content_type__app_label", flat=True)
    )
    return "core" in apps, "faq" in apps


_kept_grants: KeyedMemo[int, tuple[bool, bool]] = KeyedMemo(_granted)


def kept_permission_flags(user: Any) -> tuple[bool, bool]:
    """``permission_flags(user)``, its query's answer kept per staff member in this process
    (``core.memo``): it changes only when permissions are granted or taken, to the user or
    their groups, or their groups change; those clear it at once here and within ``memo``'s
    seconds elsewhere (the pages behind the links check the permission themselves).
    tests/workspace/test_frame.py holds it equal to Django's checks after each change."""
    if not user.is_active:
        return False, False
    if user.is_superuser:
        return True, True
    return _kept_grants.get(user.pk)


def _grants_changed(**kwargs: Any) -> None:
    _kept_grants.clear()
    transaction.on_commit(_kept_grants.clear)


_User = get_user_model()
for _sender in (_User.groups.through, _User.user_permissions.through, Group.permissions.through):
    m2m_changed.connect(_grants_changed, sender=_sender, dispatch_uid=f"console_bar.{_sender}")
for _sender in (Group, Permission, _User):
    post_delete.connect(_grants_changed, sender=_sender, dispatch_uid=f"console_bar.{_sender}")


@register.simple_tag(takes_context=True)
def console_bar(context: Any) -> SafeString:
    request = context["request"]
    user = request.user
    flags = {
        "section": context.get("console_section", ""),
        "status": bool(context.get("console_status")),
        "supervisor": roles.is_supervisor(user),
    }
    flags["audit"], faq = kept_permission_flags(user)
    flags["admin"] = user.is_superuser or faq
    unread = notifications.unread_count(user_id=user.pk) if user.is_authenticated else 0
    links = context.get("language_links") or []
    values = {
        "name": user.get_full_name() or user.get_username(),
        "query": str(context.get("query") or ""),
        **{f"bell-{name}": value for name, value in bell_values(unread).items()},
        **{f"lang-{link['code']}": link["url"] for link in links},
    }

    def build(fill: Any) -> dict[str, Any]:
        return {
            "bar": {
                **flags,
                "query": fill("query", values["query"]),
                "name": fill("name", values["name"]),
                "unread": {
                    name: fill(f"bell-{name}", values[f"bell-{name}"])
                    for name in ("count", "hidden", "label")
                },
                "language_links": [
                    {**link, "url": fill(f"lang-{link['code']}", link["url"])} for link in links
                ],
            },
            "LANGUAGE_CODE": request.LANGUAGE_CODE,
        }

    return render_part(
        request, "console/_bar.html", build, values=values, key=tuple(flags.values())
    )
