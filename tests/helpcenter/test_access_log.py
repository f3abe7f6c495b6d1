"""The access log keeps no secret a URL carries: the portal link's token and any ``…token=``
value are redacted by one function, under daphne (`make run`, websockets) and the WSGI entry
point granian serves in production."""

import httpx
import pytest
import websockets.sync.client
from django.test import RequestFactory

from chat import access
from helpcenter.access_log import AccessLogWSGI, redact
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tests.waiting import HTTP_TIMEOUT
from tickets.access import portal_token, portal_url


@pytest.mark.parametrize(
    ("target", "logged"),
    [
        ("/en/requests/t/12.ab:SIG/", "/en/requests/t/[redacted]/"),
        ("/zh-hans/requests/t/12.ab:SIG/reply/", "/zh-hans/requests/t/[redacted]/reply/"),
        (
            "/api/chat/conversations/3/files/4?token=SECRET",
            "/api/chat/conversations/3/files/4?token=[redacted]",
        ),
        ("/ws/chat/3/?lang=en&token=SECRET&x=1", "/ws/chat/3/?lang=en&token=[redacted]&x=1"),
        ("/x?access_token=SECRET", "/x?access_token=[redacted]"),
        ("/en/requests/HC-1001/?page=2", "/en/requests/HC-1001/?page=2"),
    ],
)
def test_redact_replaces_the_portal_token_and_token_values(target, logged):
    assert redact(target) == logged


@pytest.mark.django_db
def test_the_wsgi_entry_point_logs_requests_with_tokens_redacted(caplog):
    ticket = TicketFactory()
    token = portal_token(ticket)
    environ = RequestFactory().get(portal_url(ticket, absolute=False), {"token": "SECRET"}).environ
    application = AccessLogWSGI(lambda environ, start_response: [start_response("200 OK", [])])

    application(environ, lambda status, headers, exc_info=None: None)

    assert caplog.records[-1].name == "helpcenter.access"
    assert token not in caplog.text
    assert "SECRET" not in caplog.text
    assert '"GET /en/requests/t/[redacted]/?token=[redacted]" 200' in caplog.text


def test_a_chat_and_a_portal_visit_leave_no_token_in_daphnes_access_log(live_daphne):
    PresenceFactory(user=staff_user("agent"))
    ticket = TicketFactory()
    conversation = ConversationFactory()
    chat_token = access.conversation_token(conversation)
    httpx.get(f"{live_daphne.url}{portal_url(ticket, absolute=False)}", timeout=HTTP_TIMEOUT)
    httpx.get(
        f"{live_daphne.url}/api/chat/conversations/{conversation.pk}/files/1",
        params={"token": chat_token},
        timeout=HTTP_TIMEOUT,
    )
    with websockets.sync.client.connect(
        f"{live_daphne.ws_url}/ws/chat/{conversation.pk}/?token={chat_token}",
        origin=live_daphne.url,
    ):
        pass

    output = live_daphne.output()
    assert f'"GET /{ticket.language}/requests/t/[redacted]/" 200' in output
    assert "WSCONNECT /ws/chat/" in output
    assert portal_token(ticket) not in output
    assert chat_token not in output
