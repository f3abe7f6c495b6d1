"""Writes of the staff workspace: an agent's saved views and the inbox's bulk actions."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from macros.models import Tag
from macros.selectors import tag_get
from macros.services import tickets_bulk_tag
from tickets.console_selectors import InboxFilters, console_agent_list
from tickets.models import Ticket
from tickets.services import tickets_bulk_merge, tickets_bulk_update
from workspace.models import MAX_SAVED_VIEWS, SavedView
from workspace.selectors import oldest_ticket_reference


@transaction.atomic
def saved_view_create(
    *,
    owner: AbstractBaseUser,
    name: str,
    base: str,
    filters: InboxFilters,
    tag: Tag | None = None,
) -> SavedView:
    """Keep the view ``base`` narrowed by ``filters`` (and ``tag``) under ``name`` (unique
    per agent; at most ``MAX_SAVED_VIEWS`` each). Raises ValidationError with a message for
    the agent."""
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
                tag=tag,
            )
    except IntegrityError:
        raise ValidationError(_("You already have a view with this name.")) from None


def saved_view_delete(*, view: SavedView) -> None:
    """Forget a saved view (the caller checked it is the agent's own)."""
    view.delete()


BULK_ACTIONS = ("assign", "status", "tag", "merge")


def inbox_bulk(*, by: AbstractBaseUser, references: list[str], action: str, value: str) -> str:
    """One bulk action of the inbox's action bar on the chosen requests, all or none: assign
    (``me``, ``none`` or an agent's id), set the status, add a tag (its id), or merge them
    into the oldest of them (same customer only). The notice to show; ValidationError or
    PermissionDenied (translated) when refused."""
    references = sorted(set(references))
    if action == "assign":
        assignee = _bulk_assignee(by, value)
        tickets_bulk_update(references=references, by=by, assignee=assignee)
        return ngettext(
            "%(count)d request assigned.", "%(count)d requests assigned.", len(references)
        ) % {"count": len(references)}
    if action == "status":
        if value not in Ticket.Status.values:
            raise ValidationError(_("Choose a valid status."))
        tickets_bulk_update(references=references, by=by, status=value)
        return ngettext(
            "%(count)d request set to “%(status)s”.",
            "%(count)d requests set to “%(status)s”.",
            len(references),
        ) % {"count": len(references), "status": Ticket.Status(value).label}
    if action == "tag":
        try:
            tag = tag_get(int(value))
        except (ValueError, Tag.DoesNotExist):
            raise ValidationError(_("Choose a tag.")) from None
        tickets_bulk_tag(references=references, tag=tag, by=by)
        return ngettext(
            "Tag “%(tag)s” added to %(count)d request.",
            "Tag “%(tag)s” added to %(count)d requests.",
            len(references),
        ) % {"count": len(references), "tag": tag}
    if action == "merge":
        if len(references) < 2:
            raise ValidationError(_("Choose at least two requests to merge."))
        into = oldest_ticket_reference(references)
        tickets_bulk_merge(references=references, into=into, by=by)
        return _("Merged into %(reference)s.") % {"reference": into}
    raise ValidationError(_("Choose an action."))


def _bulk_assignee(by: AbstractBaseUser, value: str) -> AbstractBaseUser | None:
    if value == "me":
        return by
    if value == "none":
        return None
    assignee = console_agent_list().filter(pk=int(value)).first() if value.isdigit() else None
    if assignee is None:
        raise ValidationError(_("Choose an agent."))
    return assignee
