"""The inbox's rows written in Python (workspace.rows) equal the row template of record
(workspace/_row.html), for rows of every kind and state, escaped alike, in both languages."""

import dataclasses
import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from macros.models import Tag
from workspace.rows import render_row, render_rows
from workspace.selectors import Row

AT = dt.datetime(2026, 11, 30, 8, 15, tzinfo=dt.UTC)

TICKET = Row(
    key="ticket-HC-2026-000042",
    kind="ticket",
    url="/en/console/inbox/t/HC-2026-000042/",
    icon="form",
    channel=gettext_lazy("Web form"),
    customer="Wang Fang",
    topic="Payment failed",
    title="HC-2026-000042 · Payment failed at checkout",
    preview="My card was charged twice.",
    preview_from_customer=True,
    unread=False,
    assignee="",
    status="new",
    status_label=gettext_lazy("New"),
    at=AT,
    age="3 hours",
    sla={
        "state": "at_risk",
        "label": gettext_lazy("At risk"),
        "target_label": "",
        "due_at": AT + dt.timedelta(hours=1),
        "left": "1 hour left",
    },
    rating=None,
    customer_id=None,
)
CHAT = dataclasses.replace(
    TICKET,
    key="chat-7",
    kind="chat",
    url="/en/console/inbox/c/7/",
    icon="chat",
    channel=gettext_lazy("Live chat"),
    title="",
    preview="Anything else I can do?",
    preview_from_customer=False,
    unread=True,
    assignee="Li Na",
    status="active",
    status_label=gettext_lazy("Active"),
    sla=None,
    rating=4,
    customer_id=12,
)
ROWS = [
    TICKET,
    CHAT,
    dataclasses.replace(TICKET, sla={**TICKET.sla, "left": ""}, wallet_user=True, customer_id=3),
    dataclasses.replace(TICKET, sla=None, topic="", preview="", assignee="Li Na", unread=True),
    dataclasses.replace(
        CHAT,
        customer="<b>\"Tom\" & 'Jerry'</b>",
        preview="<script>alert(1)</script>",
        topic="A & B",
        assignee="<i>agent</i>",
        age="<1 minute",
    ),
    dataclasses.replace(
        TICKET,
        title='Refund <b>"now"</b>',
        tags=(
            Tag(name_en="VIP & co", name_zh_hans="贵宾", colour="red"),
            Tag(name_en="<Refund>", name_zh_hans="退款", colour=""),
        ),
    ),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("row", ROWS, ids=range(len(ROWS)))
def test_a_written_row_equals_the_template(row, language):
    context = {"row": row, "list_query": "view=open&topic=3", "pane_key": "chat-7"}
    with translation.override(language), timezone.override("Asia/Shanghai"):
        written = render_row(row, list_query="view=open&topic=3", pane_key="chat-7")
        template = render_to_string("workspace/_row.html", context)

    assert written == template


def test_a_list_without_a_query_or_an_open_pane_equals_the_template():
    written = render_rows(ROWS)

    assert written == "".join(
        render_to_string("workspace/_row.html", {"row": row, "list_query": "", "pane_key": None})
        for row in ROWS
    )
