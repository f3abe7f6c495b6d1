"""Staff get their e-mails in the language they use the console in (accounts.StaffPreference);
until they have used it, in the site's default language."""

import pytest
from django.core import mail

from accounts.models import StaffPreference
from tests.tickets.factories import TicketFactory
from tests.tickets.test_emails import send_all
from tickets import services

pytestmark = pytest.mark.django_db


def test_the_console_language_is_remembered_and_follows_a_switch(client, agent):
    client.force_login(agent)

    client.get("/en/console/tickets/")
    first = StaffPreference.objects.get(user=agent).language
    client.get("/en/console/tickets/")
    client.get("/zh-hans/console/tickets/")

    assert first == "en"
    assert StaffPreference.objects.get(user=agent).language == "zh-hans"


def test_customers_pages_record_nothing(client, customer):
    client.force_login(customer)

    client.get("/en/requests/mine/")

    assert not StaffPreference.objects.exists()


def test_assignment_notice_is_in_the_agents_language(category, agent, supervisor, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    StaffPreference.objects.create(user=agent, language="en")
    ticket = TicketFactory(category=category, language="zh-hans")

    services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)
    send_all()

    notice = mail.outbox[-1]
    assert notice.to == [agent.email]
    assert "assigned to you" in notice.body.lower()
    assert "分配给您" not in notice.body


def test_without_a_preference_the_site_language_is_used(category, agent, supervisor, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    ticket = TicketFactory(category=category, language="en")

    services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)
    send_all()

    assert "分配给您" in mail.outbox[-1].body
