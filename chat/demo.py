"""Demo chat data: the demo agents' presence rows (offline, capacity 3). Idempotent."""

from django.contrib.auth import get_user_model

from chat.models import DEFAULT_AGENT_CAPACITY, AgentPresence

DEMO_AGENTS = ("agent1", "agent2", "supervisor")


def load() -> None:
    for user in get_user_model().objects.filter(username__in=DEMO_AGENTS):
        AgentPresence.objects.get_or_create(
            user=user, defaults={"capacity": DEFAULT_AGENT_CAPACITY}
        )
