"""Audit of role changes: a staff member's groups (agent, supervisor, admin) changed, from the
admin or anywhere else. The signal carries no request, so the actor is not known here; the
admin's own log names them."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from core.audit import Action, audit_record

User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="wallet-audit-role-change")
def audit_role_change(
    *, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    from django.contrib.auth.models import Group

    names = sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
    audit_record(
        action=Action.ROLE_CHANGED,
        object_type="user",
        object_id=instance.pk,
        detail={"change": action.removeprefix("post_"), "groups": names},
    )
