"""Teams' own receivers: an edit of a team, its members or its topics clears the routing table
kept in this process (teams.selectors.routing_table)."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from teams.models import Team
from teams.selectors import forget_routes


@receiver(post_save, sender=Team, dispatch_uid="teams.saved")
@receiver(post_delete, sender=Team, dispatch_uid="teams.deleted")
@receiver(m2m_changed, sender=Team.members.through, dispatch_uid="teams.members_changed")
@receiver(m2m_changed, sender=Team.topics.through, dispatch_uid="teams.topics_changed")
def team_changed(**kwargs: Any) -> None:
    forget_routes()
