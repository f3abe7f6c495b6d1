"""The pane's customer panel written in Python (workspace.customer) equals the template of
record (workspace/_customer.html) for guests, signed-in customers and wallet users, with and
without earlier requests, chats, ratings and viewed articles, hostile text included, in both
languages."""

import dataclasses
import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from chat import services as chat_services
from insights import services as insight_services
from insights.models import Event
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.faq.factories import ArticleFactory
from tests.tickets.factories import TicketFactory
from tickets import services
from tickets.models import Ticket
from workspace import panes
from workspace.customer import render_customer

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"quotes\""
SUFFIX = "?view=open&q=<b>"


def both(customer: panes.CustomerPanel, language: str, suffix: str = SUFFIX) -> tuple[str, str]:
    with translation.override(language), timezone.override("Asia/Shanghai"):
        written = render_customer(customer, list_suffix=suffix)
        template = render_to_string(
            "workspace/_customer.html", {"customer": customer, "list_suffix": suffix}
        )
    return written, template


@pytest.fixture
def busy_customer(category, agent, customer):
    """A signed-in customer with a rated earlier request (hostile subject), a rated and an
    unrated chat, an article read before this request, and this request rated."""
    customer.email = "emma+<x>@example.com"
    customer.save()
    earlier = TicketFactory(category=category, customer=customer, subject=HOSTILE * 4)
    services.ticket_set_status(ticket=earlier, status=Ticket.Status.SOLVED, by=agent)
    services.ticket_rate(ticket=earlier, score=4, comment=HOSTILE)
    TicketFactory(category=category, customer=customer, subject="Unrated & open")
    PresenceFactory(user=agent, capacity=5)
    rated = ConversationFactory(customer=customer, email=customer.email)
    chat_services.conversation_close(conversation_id=rated.pk, by_customer=True)
    chat_services.conversation_rate(conversation_id=rated.pk, score=2)
    ConversationFactory(customer=customer, email=customer.email)
    ticket = TicketFactory(category=category, customer=customer, name=HOSTILE)
    article = ArticleFactory(title_en=HOSTILE, title_zh_hans="为什么 <充值> 延迟")
    now = timezone.now()
    insight_services.event_record(
        kind=Event.Kind.ARTICLE_VIEWED,
        visitor="v-1",
        article_id=article.pk,
        at=now - dt.timedelta(minutes=5),
    )
    insight_services.event_record(
        kind=Event.Kind.REQUEST_STARTED, visitor="v-1", ticket_id=ticket.pk, at=now
    )
    return panes.customer_panel(
        customer_id=customer.pk,
        name=ticket.customer_name,
        email=customer.email,
        language="en",
        ticket_id=ticket.pk,
        rating={"score": 5, "comment": HOSTILE},
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_written_panel_with_history_equals_the_template(busy_customer, language):
    written, template = both(busy_customer, language)

    assert written == template
    assert written.count("data-pane-link") == 4  # two requests and two chats
    assert "wp-history__subject" in written
    assert "<time" in written  # the viewed article


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("account", ["wallet", "account", "guest"])
def test_a_written_panel_equals_the_template_for_each_kind_of_account(
    busy_customer, language, account
):
    customer = dataclasses.replace(busy_customer, account=account)

    assert both(customer, language)[0] == both(customer, language)[1]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_written_empty_panel_equals_the_template(language):
    guest = panes.CustomerPanel(name="", email="", language="", account="guest")

    written, template = both(guest, language, suffix="")

    assert written == template
    assert "—" in written


@pytest.mark.parametrize("rating", [None, {"score": 3, "comment": ""}])
def test_a_written_panel_equals_the_template_with_or_without_this_rating(busy_customer, rating):
    customer = dataclasses.replace(busy_customer, rating=rating)

    written, template = both(customer, "en")

    assert written == template
