"""Bulk actions of the inbox's action bar: assign, set the status, add a tag or merge several
requests, all or none, with a translated reason when refused."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from macros.models import TicketTag
from tests.factories import staff_user
from tests.macros.factories import TagFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def bulk(client, tickets, action: str, language: str = "en"):
    with translation.override(language):
        url = reverse("workspace:inbox-bulk")  # the console's language is in its address
    response = client.post(
        url, {"references": [t.reference for t in tickets], "action": action, "list": "view=open"}
    )
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_an_agent_assigns_two_unassigned_requests_to_themselves(client, category, agent):
    tickets = [TicketFactory(category=category), TicketFactory(category=category)]
    client.force_login(agent)

    response, said = bulk(client, tickets, "assign:me")

    assert response.status_code == 302
    assert response["Location"].endswith("?view=open")
    assert said == ["2 requests assigned."]
    assert set(Ticket.objects.values_list("assignee", flat=True)) == {agent.pk}


def test_a_supervisor_sets_the_status_of_two_requests(client, category, supervisor):
    tickets = [TicketFactory(category=category), TicketFactory(category=category)]
    client.force_login(supervisor)

    _response, said = bulk(client, tickets, "status:pending_customer")

    assert said == ["2 requests set to “Waiting for customer”."]
    assert set(Ticket.objects.values_list("status", flat=True)) == {"pending_customer"}


def test_an_agent_tags_two_requests_at_once(client, category, agent):
    tickets = [TicketFactory(category=category), TicketFactory(category=category)]
    refund = TagFactory(name_en="Refund")
    TicketTag.objects.create(ticket=tickets[0], tag=refund)  # already tagged: kept once
    client.force_login(agent)

    _response, said = bulk(client, tickets, f"tag:{refund.pk}")

    assert said == ["Tag “Refund” added to 2 requests."]
    assert sorted(TicketTag.objects.values_list("ticket_id", flat=True)) == sorted(
        t.pk for t in tickets
    )


def test_a_merge_of_one_customers_requests_keeps_the_oldest(client, category, supervisor):
    first = TicketFactory(category=category, email="emma@example.com")
    second = TicketFactory(category=category, email="emma@example.com")
    client.force_login(supervisor)

    _response, said = bulk(client, [second, first], "merge:")

    second.refresh_from_db()
    assert said == [f"Merged into {first.reference}."]
    assert second.merged_into_id == first.pk


def test_a_merge_across_customers_is_refused_and_changes_nothing(client, category, supervisor):
    emma = TicketFactory(category=category, email="emma@example.com")
    li = TicketFactory(category=category, email="li@example.com")
    third = TicketFactory(category=category, email="emma@example.com")
    client.force_login(supervisor)

    _response, said = bulk(client, [emma, li, third], "merge:", language="zh-hans")

    assert len(said) == 1
    assert "合并" in said[0]
    assert not Ticket.objects.filter(merged_into__isnull=False).exists()


def test_an_agent_cannot_bulk_reassign_a_colleagues_request(client, category, agent):
    colleague = staff_user("agent")
    theirs = TicketFactory(category=category)
    Ticket.objects.filter(pk=theirs.pk).update(assignee=colleague)
    free = TicketFactory(category=category)
    client.force_login(agent)

    _response, said = bulk(client, [theirs, free], "assign:me")

    assert said == ["Only a supervisor can reassign a colleague's request."]
    assert Ticket.objects.get(pk=free.pk).assignee_id is None
    assert Ticket.objects.get(pk=theirs.pk).assignee_id == colleague.pk
