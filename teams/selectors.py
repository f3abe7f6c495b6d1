"""Reads of teams: who is preferred for a chat or a ticket (routing), and the teams an inbox
can be narrowed to. Routers in chat and tickets pass their own idea of who is available; this
module only says in which order to try them."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from core.memo import ProcessMemo
from teams.models import Team


@dataclass(frozen=True)
class TeamRoute:
    """What routing needs of one team, read once per routing pass."""

    id: int
    members: frozenset[int]
    topics: frozenset[int]
    language: str
    is_security: bool

    def covers(self, *, topic_id: int | None, language: str) -> bool:
        topic_ok = not self.topics or topic_id in self.topics
        language_ok = not self.language or self.language == language
        return topic_ok and language_ok


def routing_table() -> list[TeamRoute]:
    """Every active team with its members and topics. Asked by every routed chat and new
    request, so kept per process for a few seconds (core.memo): saving a team, its members or
    its topics clears it in that process (teams.receivers), other processes follow within
    10 s."""
    return _routes.get()


def _read_routing_table() -> list[TeamRoute]:
    """Two queries, whatever the sizes."""
    teams = list(Team.objects.filter(is_active=True).order_by("pk"))
    if not teams:
        return []
    members: dict[int, set[int]] = {team.pk: set() for team in teams}
    topics: dict[int, set[int]] = {team.pk: set() for team in teams}
    for team_id, user_id in Team.members.through.objects.filter(
        team_id__in=members, user__is_active=True
    ).values_list("team_id", "user_id"):
        members[team_id].add(user_id)
    for team_id, topic_id in Team.topics.through.objects.filter(team_id__in=topics).values_list(
        "team_id", "topic_id"
    ):
        topics[team_id].add(topic_id)
    return [
        TeamRoute(
            id=team.pk,
            members=frozenset(members[team.pk]),
            topics=frozenset(topics[team.pk]),
            language=team.language,
            is_security=team.is_security,
        )
        for team in teams
    ]


_routes = ProcessMemo(_read_routing_table, seconds=10.0)


def forget_routes() -> None:
    _routes.clear()


def normal_language(language: str) -> str:
    """A conversation's or ticket's language as a team names it ("en-us" counts as "en")."""
    return "en" if (language or "").lower().startswith("en") else "zh-hans"


def routing_tiers(
    table: Sequence[TeamRoute], *, topic_id: int | None, language: str, is_security: bool
) -> list[frozenset[int]]:
    """Whom to try first, in order: for a security report the security teams' members (in the
    customer's language, then any); then members of teams for the topic and the language, then
    for the topic in any language. Everyone available comes after these (the caller's
    fallback). Empty tiers are left out."""
    language = normal_language(language)
    tiers: list[frozenset[int]] = []
    if is_security:
        security = [team for team in table if team.is_security]
        tiers.append(_members(t for t in security if not t.language or t.language == language))
        tiers.append(_members(security))
    regular = [team for team in table if not team.is_security]
    tiers.append(_members(t for t in regular if t.covers(topic_id=topic_id, language=language)))
    tiers.append(_members(t for t in regular if not t.topics or topic_id in t.topics))
    seen: set[frozenset[int]] = set()
    ordered = []
    for tier in tiers:
        if tier and tier not in seen:
            seen.add(tier)
            ordered.append(tier)
    return ordered


def _members(teams: Iterable[TeamRoute]) -> frozenset[int]:
    return frozenset().union(*(team.members for team in teams))


def tier_of(user_id: int, tiers: Sequence[frozenset[int]]) -> int:
    """The index of the first of ``tiers`` (``routing_tiers``) holding ``user_id``; anyone in
    none of them comes after them all. Routers sort available agents by it first."""
    return next((index for index, tier in enumerate(tiers) if user_id in tier), len(tiers))


def teams_for_filter() -> QuerySet[Team]:
    """The teams the inbox's filter bar offers."""
    return Team.objects.filter(is_active=True)


def teams_of(user: AbstractBaseUser) -> QuerySet[Team]:
    return Team.objects.filter(is_active=True, members=user)


def team_work_q(team_id: int, *, agent_field: str, topic_field: str) -> Q:
    """Rows of a team's work: assigned to one of its members, or nobody's yet and in one of
    its topics (a team without topics: every unassigned row). Subqueries, so no row repeats."""
    members = Team.members.through.objects.filter(team_id=team_id).values("user_id")
    team_topics = Team.topics.through.objects.filter(team_id=team_id).values("topic_id")
    unassigned = Q(**{f"{agent_field}__isnull": True})
    if Team.topics.through.objects.filter(team_id=team_id).exists():
        unassigned &= Q(**{f"{topic_field}__in": team_topics})
    return Q(**{f"{agent_field}__in": members}) | unassigned
