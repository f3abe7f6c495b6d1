"""The inbox's filter bar and the "save this view" form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.models import Topic
from macros import selectors as macro_selectors
from macros.models import Tag
from teams import selectors as team_selectors
from teams.models import Team
from tickets.console_selectors import InboxFilters
from tickets.models import Ticket
from workspace import offered


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return localized(obj, "name")


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Team) -> str:
        return localized(obj, "name")


class TagChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Tag) -> str:
        return localized(obj, "name")


class InboxFilterForm(forms.Form):
    """GET filters; an invalid value counts as not set (a stale link still opens)."""

    topic = TopicChoiceField(
        label=_("Topic"), required=False, queryset=Topic.objects.all(), empty_label=_("Any topic")
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("Any priority")), *Ticket.Priority.choices],
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("Any channel")), *Ticket.Source.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *Ticket.Language.choices],
    )

    team = TeamChoiceField(
        label=_("Team"),
        required=False,
        queryset=team_selectors.teams_for_filter(),
        empty_label=_("Any team"),
    )
    tag = TagChoiceField(
        label=_("Tag"),
        required=False,
        queryset=macro_selectors.tags_for_filter(),
        empty_label=_("Any tag"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The menus list the kept topics, teams and tags (workspace.offered): the same items
        # as the fields' querysets (tests/workspace/test_frame.py), without three queries a
        # page. A chosen value is still checked against the queryset.
        for name, items in (
            ("topic", offered.topics()),
            ("team", offered.filter_teams()),
            ("tag", offered.filter_tags()),
        ):
            field = self.fields[name]
            field.choices = [
                ("", field.empty_label),
                *((item.pk, field.label_from_instance(item)) for item in items),
            ]

    def chosen_tag(self) -> Tag | None:
        self.is_valid()
        return self.cleaned_data.get("tag")

    def filters(self) -> InboxFilters:
        self.is_valid()
        data: dict[str, Any] = {name: self.cleaned_data.get(name) for name in self.fields}
        return InboxFilters(
            topic_id=data["topic"].pk if data["topic"] else None,
            priority=data["priority"] or "",
            source=data["channel"] or "",
            language=data["language"] or "",
            team_id=data["team"].pk if data["team"] else None,
        )


class SaveViewForm(forms.Form):
    name = forms.CharField(label=_("Name of this view"), max_length=60)
