"""Macros: every action applied in one transaction (reply, tags, priority, assignee or team,
status) or none; on a chat the reply is the agent's chat message; the pane offers only the
macros of its kind; admin refuses placeholders the scope cannot fill."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from chat.models import Message
from macros import services
from macros.models import ConversationTag, Macro, TicketTag
from teams.models import Team
from tests.factories import staff_user
from tests.macros.factories import MacroFactory, TagFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket, TicketMessage

pytestmark = pytest.mark.django_db
PANE = {"HTTP_X_PANE": "1"}


def en_url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def test_a_macro_applies_every_action_to_a_ticket(client, category, supervisor):
    colleague = staff_user("agent")
    ticket = TicketFactory(category=category, name="Wang Fang")
    refund = TagFactory(name_en="Refund")
    macro = MacroFactory(
        title_en="Refunded",
        body_en="Hello {customer_name}, {reference} is refunded.",
        status=Ticket.Status.SOLVED,
        priority="high",
        assignee=colleague,
        tags=[refund],
    )
    client.force_login(supervisor)

    response = client.post(
        en_url("workspace:ticket-macro", ticket.reference), {"macro": macro.pk}, **PANE
    )

    ticket.refresh_from_db()
    reply = TicketMessage.objects.get(ticket=ticket, author_kind="agent")
    assert response.status_code == 200
    assert "Macro “Refunded” applied." in response.content.decode()
    assert reply.body == f"Hello Wang Fang, {ticket.reference} is refunded."
    assert not reply.internal
    assert list(TicketTag.objects.values_list("tag__name_en", flat=True)) == ["Refund"]
    assert (ticket.status, ticket.priority, ticket.assignee) == ("solved", "high", colleague)


def test_a_macro_that_fails_halfway_applies_nothing(category, agent):
    ticket = TicketFactory(category=category)
    ticket = Ticket.objects.get(pk=ticket.pk)
    ticket.status = Ticket.Status.OPEN
    ticket.save(update_fields=["status"])
    macro = MacroFactory(
        body_en="We are on it.",
        priority="urgent",
        status=Ticket.Status.NEW,  # an open request cannot go back to new: refused last
        tags=[TagFactory()],
    )

    with pytest.raises(ValidationError):
        services.macro_apply_to_ticket(macro=macro, ticket=ticket, by=agent)

    ticket.refresh_from_db()
    assert not TicketMessage.objects.filter(ticket=ticket, author_kind="agent").exists()
    assert not TicketTag.objects.exists()
    assert (ticket.status, ticket.priority, ticket.assignee_id) == ("open", "normal", None)


def test_a_refused_macro_shows_the_reason_in_the_pane(client, category, agent):
    ticket = TicketFactory(category=category)
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.OPEN)
    macro = MacroFactory(body_en="We are on it.", status=Ticket.Status.NEW)
    client.force_login(agent)

    response = client.post(
        en_url("workspace:ticket-macro", ticket.reference), {"macro": macro.pk}, **PANE
    )

    assert response.status_code == 400
    assert "A request cannot go from “Open” to “New”." in response.content.decode()
    assert not TicketMessage.objects.filter(ticket=ticket, author_kind="agent").exists()


def test_a_macro_hands_a_ticket_to_the_least_busy_member_of_its_team(category, supervisor):
    busy, free = staff_user("agent"), staff_user("agent")
    team = Team.objects.create(name_en="Payments", name_zh_hans="支付组")
    team.members.set([busy, free])
    other = TicketFactory(category=category)
    Ticket.objects.filter(pk=other.pk).update(assignee=busy)
    ticket = TicketFactory(category=category)
    macro = MacroFactory(team=team)

    ticket = services.macro_apply_to_ticket(macro=macro, ticket=ticket, by=supervisor)

    assert ticket.assignee == free


def test_on_a_chat_the_reply_is_the_agents_message_and_the_tags_are_added(
    client, agent, active_chat
):
    verified = TagFactory(name_en="Verified")
    macro = MacroFactory(
        scope=Macro.Scope.CHATS, body_en="Thank you {customer_name}.", tags=[verified]
    )
    client.force_login(agent)

    response = client.post(
        en_url("workspace:chat-macro", active_chat.pk), {"macro": macro.pk}, **PANE
    )

    message = Message.objects.filter(conversation=active_chat).order_by("-seq").first()
    assert response.status_code == 200
    assert (message.sender_kind, message.sender_id, message.body) == (
        "agent",
        agent.pk,
        "Thank you Li Wei.",
    )
    assert ConversationTag.objects.get().tag == verified


def test_a_chat_macro_from_someone_not_in_the_chat_applies_nothing(agent, active_chat):
    outsider = staff_user("agent")
    macro = MacroFactory(scope=Macro.Scope.CHATS, body_en="Hello.", tags=[TagFactory()])

    with pytest.raises(ValidationError):
        services.macro_apply_to_chat(macro=macro, conversation=active_chat, by=outsider)

    assert not ConversationTag.objects.exists()
    assert not Message.objects.filter(conversation=active_chat, body="Hello.").exists()


def test_the_pane_offers_only_the_macros_of_its_kind(client, category, agent, active_chat):
    MacroFactory(title_en="Tickets macro", scope=Macro.Scope.TICKETS)
    MacroFactory(title_en="Chats macro", scope=Macro.Scope.CHATS)
    MacroFactory(title_en="Both macro", scope=Macro.Scope.BOTH)
    MacroFactory(title_en="Retired macro", scope=Macro.Scope.BOTH, is_active=False)
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    ticket_pane = client.get(en_url("workspace:ticket-pane", ticket.reference)).content.decode()
    chat_pane = client.get(en_url("workspace:chat-pane", active_chat.pk)).content.decode()

    assert "Tickets macro" in ticket_pane
    assert "Both macro" in ticket_pane
    assert "Chats macro" not in ticket_pane
    assert "Chats macro" in chat_pane
    assert "Both macro" in chat_pane
    assert "Tickets macro" not in chat_pane
    assert "Retired macro" not in ticket_pane + chat_pane


def test_a_ticket_macro_cannot_be_applied_to_a_chat(client, agent, active_chat):
    macro = MacroFactory(scope=Macro.Scope.TICKETS, body_en="About {reference}.")
    client.force_login(agent)

    response = client.post(
        en_url("workspace:chat-macro", active_chat.pk), {"macro": macro.pk}, **PANE
    )

    assert response.status_code == 400
    assert "This macro is not offered here." in response.content.decode()


def _admin_add(client, language: str = "en", **fields):
    client.force_login(staff_user("admin"))
    data = {
        "title_zh_hans": "问候",
        "title_en": "Greeting",
        "body_zh_hans": "{customer_name}，您好！",
        "body_en": "Hello {customer_name}.",
        "scope": Macro.Scope.BOTH,
        "position": 0,
        "is_active": "on",
        **fields,
    }
    return client.post("/admin/macros/macro/add/", data, HTTP_ACCEPT_LANGUAGE=language)


def test_admin_saves_a_macro_with_placeholders_its_scope_fills(client):
    response = _admin_add(client, scope=Macro.Scope.TICKETS, body_en="About {reference}.")

    assert response.status_code == 302
    assert Macro.objects.get().body_en == "About {reference}."


def test_admin_refuses_a_placeholder_the_scope_cannot_fill(client):
    response = _admin_add(client, body_en="Hello {customer_name}, about {reference}.")

    assert response.status_code == 200
    assert "{reference} cannot be filled in here (Chats and tickets)" in response.content.decode()
    assert not Macro.objects.exists()


def test_admin_refuses_ticket_actions_on_a_macro_for_chats_in_chinese(client):
    response = _admin_add(
        client, language="zh-hans", scope=Macro.Scope.CHATS, status=Ticket.Status.SOLVED
    )

    assert response.status_code == 200
    assert "仅适用于在线咨询的宏不能设置此项（仅限工单）。" in response.content.decode()
    assert not Macro.objects.exists()
