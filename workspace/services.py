"""Writes of the staff workspace: an agent's saved views."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tickets.console_selectors import InboxFilters
from workspace.models import MAX_SAVED_VIEWS, SavedView


@transaction.atomic
def saved_view_create(
    *, owner: AbstractBaseUser, name: str, base: str, filters: InboxFilters
) -> SavedView:
    """Keep the view ``base`` narrowed by ``filters`` under ``name`` (unique per agent; at
    most ``MAX_SAVED_VIEWS`` each). Raises ValidationError with a message for the agent."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the view a name."))
    if SavedView.objects.filter(owner=owner).count() >= MAX_SAVED_VIEWS:
        message = _("You can keep at most %(count)d views. Delete one first.")
        raise ValidationError(message % {"count": MAX_SAVED_VIEWS})
    try:
        with transaction.atomic():
            return SavedView.objects.create(
                owner=owner,
                name=name,
                base=base,
                topic_id=filters.topic_id,
                priority=filters.priority,
                source=filters.source,
                language=filters.language,
                filter_team_id=filters.team_id,
            )
    except IntegrityError:
        raise ValidationError(_("You already have a view with this name.")) from None


def saved_view_delete(*, view: SavedView) -> None:
    """Forget a saved view (the caller checked it is the agent's own)."""
    view.delete()
