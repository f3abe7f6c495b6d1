"""Which SLA policy applies to a ticket, from a per-process copy of the policy rows."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.memo import ProcessMemo
from core.models import Topic
from tickets.models import SlaPolicy

DEFAULT_FIRST_RESPONSE_MINUTES = 24 * 60
SECURITY_FIRST_RESPONSE_MINUTES = 60


@dataclass(frozen=True)
class Targets:
    first_response_minutes: int
    resolution_minutes: int | None
    business_hours_only: bool


def _load_policies() -> list[tuple[int | None, str, Targets]]:
    return [
        (
            p.category_id,
            p.priority,
            Targets(p.first_response_minutes, p.resolution_minutes, p.business_hours_only),
        )
        for p in SlaPolicy.objects.all()
    ]


# Every policy as (category id, priority, targets): a few rows edited by admins, read on every
# new ticket, so kept in each process (``core.memo``) and dropped when one changes.
_policies = ProcessMemo(_load_policies)


@receiver([post_save, post_delete], sender=SlaPolicy)
def forget_policies(**kwargs: object) -> None:
    _policies.clear()  # this transaction's own later reads
    transaction.on_commit(_policies.clear)


def policy_for(category: Topic, priority: str) -> Targets:
    """The most specific policy: category + priority, category, priority, default (neither).
    Without any policy rows: 24 h first response, or 1 h for a security report."""
    matching = [
        (category_id is not None, policy_priority != "", targets)
        for category_id, policy_priority, targets in _policies.get()
        if category_id in (category.pk, None) and policy_priority in (priority, "")
    ]
    if matching:
        return max(matching, key=lambda match: match[:2])[2]
    if category.is_security:
        return Targets(SECURITY_FIRST_RESPONSE_MINUTES, None, False)
    return Targets(DEFAULT_FIRST_RESPONSE_MINUTES, None, False)
