"""Staff roles as Django groups. The groups are created by a migration; their model permissions
are (re)synced after every migrate so that models added by any app are covered.

- agent: answers chats and tickets in the staff console; no Django admin.
- supervisor: an agent who also watches queues and edits content in the admin.
- admin: everything, including settings (contact channels, SLA policies, canned replies).
Customers have no group: anyone else, anonymous or logged in.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.db.models import Q, QuerySet

AGENT = "agent"
SUPERVISOR = "supervisor"
ADMIN = "admin"
ROLES = (AGENT, SUPERVISOR, ADMIN)

# app_label -> models whose add/change/delete/view permissions the role gets in the admin.
SUPERVISOR_EDITS = {
    "faq": "__all__",
    "core": ("topic", "auditentry"),  # the audit log: read-only whatever the permissions
    "tickets": ("cannedresponse",),
    "chat": ("cannedreply",),
    "macros": ("tag", "macro"),
}
ADMIN_EDITS = {
    "faq": "__all__",
    "tickets": "__all__",
    "chat": "__all__",
    "core": "__all__",
    "helpcenter": "__all__",
    "wallet": "__all__",
    "webhooks": "__all__",
    "teams": "__all__",
    "workspace": "__all__",
    "macros": "__all__",
}

User = AbstractBaseUser | AnonymousUser


def has_role(user: Any, *roles: str) -> bool:
    """True for an active user in one of ``roles``; superusers hold every role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return not role_names(user).isdisjoint(roles)


def role_names(user: Any) -> frozenset[str]:
    """The console roles ``user`` holds, read once per user object (one query): a console
    page asks several times (the access check, the pane's one-click properties, the top
    bar), and the object lives for one request. Django's own permission checks keep their
    cache on the user object the same way; ``forget_role_names`` drops it when the groups
    change through the user."""
    names = getattr(user, "_role_names", None)
    if names is None:
        names = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._role_names = names
    return names


def forget_role_names(*, instance: Any, **kwargs: Any) -> None:
    """m2m_changed receiver of the user's groups: the object's roles are read again."""
    instance.__dict__.pop("_role_names", None)


def is_agent(user: Any) -> bool:
    """Staff console access: agents, supervisors and admins, who must also be staff."""
    return bool(getattr(user, "is_staff", False)) and has_role(user, AGENT, SUPERVISOR, ADMIN)


def agent_accounts() -> QuerySet:
    """The people ``is_agent`` says yes to, as one query: active staff who are superusers or
    hold a console role (routing, reassignment, team membership and report filters read
    candidates with it; ``tests/teams/test_agent_accounts.py`` holds the two equal)."""
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True) | Q(groups__name__in=[AGENT, SUPERVISOR, ADMIN]),
            is_active=True,
            is_staff=True,
        )
        .distinct()
    )


def is_supervisor(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False)) and has_role(user, SUPERVISOR, ADMIN)


def _permissions_for(edits: dict[str, Any]) -> list[Permission]:
    perms: list[Permission] = []
    for app_label, models in edits.items():
        queryset = Permission.objects.filter(content_type__app_label=app_label)
        if models != "__all__":
            queryset = queryset.filter(content_type__model__in=models)
        perms.extend(queryset)
    return perms


def sync_role_permissions(**kwargs: Any) -> None:
    """Give supervisors and admins the model permissions their role implies (idempotent)."""
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
    if SUPERVISOR in groups:
        groups[SUPERVISOR].permissions.add(*_permissions_for(SUPERVISOR_EDITS))
    if ADMIN in groups:
        admin_perms = _permissions_for(ADMIN_EDITS)
        admin_perms += Permission.objects.filter(content_type__app_label="auth")
        groups[ADMIN].permissions.add(*admin_perms)
