"""The report's filters (GET): a date range in the site's time zone and the narrowing."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import agent_accounts
from core.models import Topic
from insights.metrics import Scope
from insights.metrics.base import site_zone
from insights.models import Event
from teams.models import Team
from teams.selectors import teams_for_filter

DEFAULT_DAYS = 30
MAX_DAYS = 366
LANGUAGES = [("", _("All languages")), ("zh-hans", "简体中文"), ("en", "English")]


def _today() -> dt.date:
    return timezone.localtime(timezone.now(), site_zone()).date()


def default_range() -> dict[str, str]:
    """The last DEFAULT_DAYS days, today included (what the form shows when nothing was asked)."""
    end = _today()
    start = end - dt.timedelta(days=DEFAULT_DAYS - 1)
    return {"start": start.isoformat(), "end": end.isoformat()}


class ReportForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.order_by("slug"),
        required=False,
        empty_label=_("All topics"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *Event.Channel.choices],
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, required=False)
    agent = forms.ModelChoiceField(
        label=_("Agent"), queryset=agent_accounts(), required=False, empty_label=_("All agents")
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=teams_for_filter(), required=False, empty_label=_("All teams")
    )

    def clean(self) -> dict:
        data = super().clean()
        end = data.get("end") or _today()
        start = data.get("start") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("The first day must not be after the last."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choose at most %(days)s days.") % {"days": MAX_DAYS})
        data["start"], data["end"] = start, end
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(
            first=data["start"],
            last=data["end"],
            topic_id=data["topic"].pk if data.get("topic") else None,
            channel=data.get("channel") or "",
            language=data.get("language") or "",
            agent_id=data["agent"].pk if data.get("agent") else None,
            **_team(data.get("team")),
        )


def _team(team: Team | None) -> dict:
    """The Scope's team fields: its members and topics (two small queries), or nothing."""
    if team is None:
        return {}
    return {
        "team_id": team.pk,
        "team_members": tuple(team.members.values_list("pk", flat=True)),
        "team_topics": tuple(team.topics.values_list("pk", flat=True)),
    }
