"""The supervisors' pages in the console: the live floor and the reports (with CSV export).
Supervisors and admins see everything; an agent sees only their own report (403 for anyone
else's); customers see nothing (the console's decorators)."""

import csv
import dataclasses
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from accounts.decorators import agent_required, supervisor_required
from accounts.roles import is_supervisor
from insights import charts, reports
from insights.floor import floor_now
from insights.forms import ReportForm, default_range

CSV_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")


def _floor_links() -> dict[str, str]:
    home = reverse("console-home")
    today = timezone.localdate().isoformat()
    report = reverse("insights_console:report")
    return {
        "waiting": f"{home}?{urlencode({'view': 'chats'})}",
        "active": f"{home}?{urlencode({'view': 'open'})}",
        "breaching": f"{home}?{urlencode({'view': 'at-risk'})}",
        "today": f"{report}?{urlencode({'start': today, 'end': today})}",
        "report": report,
    }


@supervisor_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = {"floor": floor_now(), "links": _floor_links(), "console_section": "dashboard"}
    return render(request, "insights/dashboard.html", context)


@supervisor_required
def dashboard_live(request: HttpRequest) -> HttpResponse:
    """The floor's figures again (the page swaps them in when the socket says so)."""
    context = {"floor": floor_now(), "links": _floor_links()}
    return render(request, "insights/_floor.html", context)


def _report_for(request: HttpRequest) -> tuple[ReportForm, reports.Report | None]:
    """The report the viewer may see: an agent's own figures only (403 for another agent's)."""
    form = ReportForm(request.GET or default_range())
    if not form.is_valid():
        return form, None
    scope = form.scope()
    team_wide = is_supervisor(request.user)
    if not team_wide:
        if scope.agent_id not in (None, request.user.pk):
            raise PermissionDenied
        # An agent's own figures: no other agent's, whatever team was asked for.
        scope = dataclasses.replace(
            scope, agent_id=request.user.pk, team_id=None, team_members=(), team_topics=()
        )
    return form, reports.report_build(scope, language=get_language(), team_wide=team_wide)


def _charts(report: reports.Report) -> dict[str, list[charts.Chart]]:
    return {t.slug: [charts.bar_chart(t, key) for key in t.chart] for t in report.tables}


@agent_required
def report(request: HttpRequest) -> HttpResponse:
    form, built = _report_for(request)
    context: dict[str, Any] = {
        "form": form,
        "report": built,
        "charts": _charts(built) if built else {},
        "filters_query": request.GET.urlencode(),  # not "query": the header search box reads that
        "team_wide": is_supervisor(request.user),
        "menus": form.menus(team_wide=is_supervisor(request.user)),
        "date_fields": [form["start"], form["end"]],
        "console_section": "reports",
    }
    return render(request, "insights/report.html", context, status=200 if built else 400)


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(CSV_UNSAFE_START) else text


@agent_required
def report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    _form, built = _report_for(request)
    if built is None:
        return HttpResponse(status=400)
    try:
        table = built.table(slug)
    except StopIteration:
        raise Http404 from None
    scope = built.scope
    name = f"{slug}-{scope.first.isoformat()}-{scope.last.isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # spreadsheet programs read UTF-8 (Chinese) only with the BOM
    writer = csv.writer(response)
    writer.writerow([str(label) for _key, label in table.columns])
    for row in [*table.rows, *([table.total] if table.total else [])]:
        writer.writerow([_csv_cell(row.get(key)) for key, _label in table.columns])
    return response
