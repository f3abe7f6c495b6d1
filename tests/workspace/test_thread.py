"""The pane's thread written in Python (workspace.thread) equals the thread template of record
(workspace/_thread.html) for tickets and chats with every kind of item, files and hostile
text, in both languages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from chat import services as chat_services
from chat.models import Message
from chat.services.messages import message_write
from core.uploads import clean_upload
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.tickets.factories import TicketFactory, png_bytes
from tickets import services
from tickets.models import Ticket
from workspace import panes
from workspace.thread import render_thread

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"quotes\""


def both(pane: dict, language: str) -> tuple[str, str]:
    with translation.override(language), timezone.override("Asia/Shanghai"):
        return render_thread(pane), render_to_string("workspace/_thread.html", {"pane": pane})


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_written_ticket_thread_equals_the_template(category, agent, language):
    ticket = TicketFactory(category=category, name='<b>"Tom"</b> & co', description=HOSTILE)
    agent.first_name, agent.last_name = "Li <Na>", "& co"
    agent.save()
    services.ticket_reply(
        ticket=ticket,
        author=agent,
        body=HOSTILE,
        internal=True,
        uploads=[SimpleUploadedFile('<a "b">.png', png_bytes(), "image/png")],
    )
    services.ticket_reply(ticket=ticket, author=agent, body="Public & <reply>")
    services.ticket_set_priority(ticket=ticket, priority=Ticket.Priority.HIGH, by=agent)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent)
    pane = panes.ticket_pane(user=agent, ticket=Ticket.objects.get(pk=ticket.pk))

    written, template = both(pane, language)

    assert written == template
    assert 'class="wp-files"' in written  # the files, and the events, are part of the case
    assert 'class="wp-event"' in written


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_written_chat_thread_equals_the_template(agent, language):
    PresenceFactory(user=agent, capacity=3)  # the chat is routed to the agent
    chat = ConversationFactory(name='<i>Emma</i> "C" & co', message=HOSTILE)
    chat_services.message_send_files(
        conversation_id=chat.pk,
        sender_kind="customer",
        client_id="files-1",
        body="",
        uploads=[clean_upload(SimpleUploadedFile("r&d.png", png_bytes(), "image/png"))],
    )
    message_write(
        conversation_id=chat.pk, sender_kind=Message.SenderKind.SYSTEM, body="Agent <joined> & co"
    )
    message_write(
        conversation_id=chat.pk,
        sender_kind=Message.SenderKind.AGENT,
        body="Hi & <b>welcome</b>",
        user=agent,
    )
    chat.refresh_from_db()
    pane = panes.chat_pane(user=agent, conversation=chat)

    written, template = both(pane, language)

    assert written == template
    assert 'class="wp-files"' in written  # the files, and the events, are part of the case
    assert 'class="wp-event"' in written


def test_an_empty_thread_equals_the_template():
    written, template = both({"kind": "chat", "thread": []}, "en")

    assert written == template
