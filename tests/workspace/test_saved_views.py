"""Filters on an inbox view, and views an agent names and keeps (their own only)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import staff_user
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets.console_selectors import InboxFilters
from tickets.models import Ticket
from workspace import selectors, services
from workspace.models import MAX_SAVED_VIEWS, SavedView

pytestmark = pytest.mark.django_db


def keys(user, view: str = "open", **filters) -> list[str]:
    rows = selectors.inbox_rows(
        user=user, view=selectors.VIEWS_BY_SLUG[view], filters=InboxFilters(**filters)
    )
    return [row.key for row in rows]


def test_filters_narrow_a_view_by_topic_priority_channel_and_language(category, agent):
    withdrawal = CategoryFactory(slug="withdrawal", name_en="Withdrawal", name_zh_hans="提现")
    payment = TicketFactory(category=category, language="zh-hans")
    other = TicketFactory(category=withdrawal, language="en", source=Ticket.Source.PHONE)
    Ticket.objects.filter(pk=other.pk).update(priority="urgent")

    assert keys(agent, topic_id=category.pk) == [f"ticket-{payment.reference}"]
    assert keys(agent, priority="urgent") == [f"ticket-{other.reference}"]
    assert keys(agent, source=Ticket.Source.PHONE) == [f"ticket-{other.reference}"]
    assert keys(agent, language="zh-hans") == [f"ticket-{payment.reference}"]
    assert keys(agent, source=Ticket.Source.CHAT) == []


def test_a_saved_view_keeps_its_filters_and_opens_with_them(client, category, agent):
    TicketFactory(category=category, language="en")
    chinese = TicketFactory(category=category, language="zh-hans")
    client.force_login(agent)

    saved = client.post(
        reverse("workspace:saved-view-create"),
        {"view": "open", "language": "zh-hans", "name": "Chinese, open"},
    )
    view = SavedView.objects.get()
    page = client.get(reverse("console-home") + f"?saved={view.pk}")

    assert saved.status_code == 302
    assert (view.owner, view.base, view.language) == (agent, "open", "zh-hans")
    assert [row.key for row in page.context["rows"]] == [f"ticket-{chinese.reference}"]
    assert "Chinese, open" in page.content.decode()


def test_an_agent_cannot_open_or_delete_a_colleagues_saved_view(client, agent):
    colleague = staff_user("agent")
    theirs = services.saved_view_create(
        owner=colleague, name="Mine", base="open", filters=InboxFilters(priority="high")
    )
    client.force_login(agent)

    opened = client.get(reverse("console-home") + f"?saved={theirs.pk}")
    deleted = client.post(reverse("workspace:saved-view-delete", args=[theirs.pk]))

    assert (opened.status_code, deleted.status_code) == (404, 404)
    assert SavedView.objects.filter(pk=theirs.pk).exists()


@translation.override("en")
def test_two_views_cannot_share_a_name_and_the_number_is_bounded(agent):
    services.saved_view_create(owner=agent, name="Urgent", base="open", filters=InboxFilters())

    with pytest.raises(ValidationError, match="already have a view"):
        services.saved_view_create(owner=agent, name="Urgent", base="mine", filters=InboxFilters())
    for n in range(MAX_SAVED_VIEWS - 1):
        services.saved_view_create(owner=agent, name=f"v{n}", base="open", filters=InboxFilters())
    with pytest.raises(ValidationError, match="at most"):
        services.saved_view_create(owner=agent, name="more", base="open", filters=InboxFilters())


def test_a_bad_filter_value_is_ignored_not_an_error(client, category, agent):
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    page = client.get(reverse("console-home") + "?view=open&priority=bogus&topic=999999")

    assert page.status_code == 200
    assert [row.key for row in page.context["rows"]] == [f"ticket-{ticket.reference}"]
