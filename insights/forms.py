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


DATE_FORMAT = "%Y-%m-%d"
DATE_ERRORS = {"invalid": _("Type the date as YYYY-MM-DD, for example 2026-03-02.")}
# The range menu's presets: (value, label); "custom" is the typed dates.
RANGES = [
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("month", _("This month")),
]


def _date_input(hint_id: str) -> forms.TextInput:
    """A plain text field for a typed date (no browser date picker: docs/metrics.md)."""
    return forms.TextInput(
        {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "YYYY-MM-DD",
            "size": "10",
            "maxlength": "10",
            "aria-describedby": hint_id,
        }
    )


def preset_range(value: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or _today()
    if value == "month":
        return today.replace(day=1), today
    return today - dt.timedelta(days=int(value) - 1), today


class ReportForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=[DATE_FORMAT],
        error_messages=DATE_ERRORS,
        widget=_date_input("ins-date-hint"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=[DATE_FORMAT],
        error_messages=DATE_ERRORS,
        widget=_date_input("ins-date-hint"),
    )
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

    def range_menu(self) -> dict:
        """The range menu: the presets with their dates, which one is shown, and "Custom"."""
        today = _today()
        shown = (self.data.get("start", ""), self.data.get("end", ""))
        items = []
        for value, label in RANGES:
            first, last = preset_range(value, today)
            dates = (first.isoformat(), last.isoformat())
            items.append(
                {
                    "value": value,
                    "label": label,
                    "start": dates[0],
                    "end": dates[1],
                    "checked": dates == shown,
                }
            )
        custom = not any(item["checked"] for item in items)
        current = next((item["label"] for item in items if item["checked"]), _("Custom dates"))
        return {"items": items, "custom": custom, "current": current}

    def menus(self, *, team_wide: bool) -> list[dict]:
        """The choice filters as menu buttons: name, label, current value and its label, and
        the choices (the first is "All …")."""
        names = ["topic", "channel", "language"] + (["agent", "team"] if team_wide else [])
        menus = []
        for name in names:
            field = self.fields[name]
            value = str(self.data.get(name, "") or "")
            choices = [(str(v), str(label)) for v, label in field.choices]
            current = next((label for v, label in choices if v == value), choices[0][1])
            menus.append(
                {
                    "name": name,
                    "label": field.label,
                    "value": value if any(v == value for v, _label in choices) else "",
                    "current": current,
                    "choices": [
                        {"value": v, "label": label, "checked": v == value} for v, label in choices
                    ],
                }
            )
        return menus

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
