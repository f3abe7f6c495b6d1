"""Seed the benchmark database: M online agents, the first A active conversations spread over
them and the rest of the N held by one more agent that never connects. Prints JSON
(conversation ids, customer tokens, agent session cookies) for bench.chat_load:

    python -m bench.chat_seed --customers 5000 --agents 10 --active 1000   (stack environment)
"""

import argparse
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.roles import AGENT  # noqa: E402
from chat.access import conversation_token  # noqa: E402
from chat.models import AgentPresence, Conversation  # noqa: E402


def cookie_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, required=True)
    parser.add_argument("--agents", type=int, required=True)
    parser.add_argument("--active", type=int, required=True, help="conversations the agents watch")
    args = parser.parse_args()
    from django.contrib.auth import get_user_model

    group = Group.objects.get(name=AGENT)
    now = timezone.now()
    agents = []
    # The extra agent holds the conversations only used to count held connections; it never
    # connects, so the bench agents subscribe to the active conversations only.
    for n in range(args.agents + 1):
        user, _ = get_user_model().objects.get_or_create(
            username=f"bench-agent-{n}", defaults={"is_staff": True}
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
        AgentPresence.objects.update_or_create(
            user=user,
            defaults={
                "status": "online",
                "capacity": args.customers // args.agents + 1,
                "last_seen_at": now,
            },
        )
        agents.append(user)
    conversations = Conversation.objects.bulk_create(
        Conversation(
            customer_name=f"Bench customer {n}",
            status=Conversation.Status.ACTIVE,
            agent=agents[n % args.agents] if n < args.active else agents[-1],
            assigned_at=now,
            language="en",
        )
        for n in range(args.customers)
    )
    json.dump(
        {
            "agents": [{"id": a.pk, "cookie": cookie_for(a)} for a in agents[: args.agents]],
            "conversations": [
                {"id": c.pk, "token": conversation_token(c), "agent_index": n % args.agents}
                for n, c in enumerate(conversations)
            ],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
