"""Demo teams: a Chinese-speaking payments team (agent1), an English-speaking accounts team
(agent2) and the security team (the supervisor and agent1). Idempotent."""

from django.contrib.auth import get_user_model

from core.models import Topic
from teams.models import Team

TEAMS = [
    # zh name, en name, language, is_security, members, topic slugs
    (
        "支付组",
        "Payments",
        Team.Language.ZH_HANS,
        False,
        ("agent1",),
        ("payment-failed", "funds-not-received", "top-up", "withdrawal", "transactions"),
    ),
    (
        "账户组",
        "Accounts",
        Team.Language.EN,
        False,
        ("agent2",),
        ("account-info", "password-login", "close-account"),
    ),
    (
        "安全组",
        "Security",
        Team.Language.ANY,
        True,
        ("supervisor", "agent1"),
        ("account-security",),
    ),
]


def load() -> None:
    users = get_user_model().objects
    for zh, en, language, security, members, slugs in TEAMS:
        team, _ = Team.objects.update_or_create(
            name_en=en,
            defaults={"name_zh_hans": zh, "language": language, "is_security": security},
        )
        team.members.set(users.filter(username__in=members))
        team.topics.set(Topic.objects.filter(slug__in=slugs))
