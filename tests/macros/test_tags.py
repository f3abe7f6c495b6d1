"""Tags: agents add and remove them in one click from the pane (tickets and chats), rows show
them as chips, and the inbox (and a saved view) narrows to a tag."""

import pytest
from django.urls import reverse

from macros.models import ConversationTag, TicketTag
from tests.macros.factories import TagFactory
from tests.tickets.factories import TicketFactory
from workspace.models import SavedView

pytestmark = pytest.mark.django_db
PANE = {"HTTP_X_PANE": "1"}


def test_an_agent_adds_and_removes_a_tag_on_a_ticket_from_the_pane(client, category, agent):
    ticket = TicketFactory(category=category)
    refund = TagFactory(name_en="Refund")
    client.force_login(agent)
    url = "/en" + reverse("workspace:ticket-tag", args=[ticket.reference])[len("/zh-hans") :]

    added = client.post(url, {"add": refund.pk}, **PANE)
    tagged = list(TicketTag.objects.filter(ticket=ticket).values_list("tag__name_en", flat=True))
    removed = client.post(url, {"remove": refund.pk}, **PANE)

    assert added.status_code == 200
    assert "Tag “Refund” added." in added.content.decode()
    assert 'class="tag-chip tag-chip--blue">Refund</span>' in added.content.decode()
    assert tagged == ["Refund"]
    assert "Tag “Refund” removed." in removed.content.decode()
    assert not TicketTag.objects.exists()


def test_an_agent_tags_a_chat_from_the_pane(client, agent, active_chat):
    vip = TagFactory(name_en="VIP")
    client.force_login(agent)

    response = client.post(
        reverse("workspace:chat-tag", args=[active_chat.pk]), {"add": vip.pk}, **PANE
    )

    assert response.status_code == 200
    assert ConversationTag.objects.get().conversation_id == active_chat.pk


def test_an_inactive_tag_cannot_be_added(client, category, agent):
    ticket = TicketFactory(category=category)
    old = TagFactory(is_active=False)
    client.force_login(agent)

    response = client.post(
        reverse("workspace:ticket-tag", args=[ticket.reference]),
        {"add": old.pk},
        HTTP_ACCEPT_LANGUAGE="en",
        **PANE,
    )

    assert response.status_code == 400
    assert not TicketTag.objects.exists()


def test_the_inbox_narrows_to_a_tag_and_shows_chips(client, category, agent, active_chat):
    refund = TagFactory(name_en="Refund", colour="amber")
    tagged = TicketFactory(category=category)
    TicketFactory(category=category)  # untagged
    TicketTag.objects.create(ticket=tagged, tag=refund)
    ConversationTag.objects.create(conversation=active_chat, tag=refund)
    client.force_login(agent)

    page = client.get(reverse("console-home") + f"?view=open&tag={refund.pk}")

    assert [row.key for row in page.context["rows"]] == [
        f"chat-{active_chat.pk}",
        f"ticket-{tagged.reference}",
    ]
    assert page.content.decode().count("tag-chip tag-chip--amber") >= 2


def test_a_saved_view_keeps_the_tag_filter(client, category, agent):
    vip = TagFactory(name_en="VIP")
    tagged = TicketFactory(category=category)
    TicketFactory(category=category)
    TicketTag.objects.create(ticket=tagged, tag=vip)
    client.force_login(agent)

    client.post(
        reverse("workspace:saved-view-create"), {"view": "open", "tag": vip.pk, "name": "VIPs"}
    )
    saved = SavedView.objects.get()
    page = client.get(reverse("console-home") + f"?saved={saved.pk}")

    assert saved.tag == vip
    assert [row.key for row in page.context["rows"]] == [f"ticket-{tagged.reference}"]
