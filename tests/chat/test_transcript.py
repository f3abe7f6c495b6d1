"""The transcript e-mail: content, language, escaping, and delivery by a real Celery worker."""

import json

import pytest

from chat import access, services, transcripts
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user


@pytest.mark.django_db
def test_the_transcript_lists_every_message_in_text_and_escaped_html(online_agent):
    conversation = ConversationFactory(language="en", message="<b>5 &lt; 6</b> failed")
    services.message_send(
        conversation_id=conversation.pk,
        sender_kind="agent",
        client_id="a-1",
        body="Checking now",
        user=online_agent,
    )

    email = transcripts.build_transcript_email(conversation, "li@example.com")

    html = email.alternatives[0][0]
    assert "<b>5 &lt; 6</b> failed" in email.body
    assert "&lt;b&gt;5 &amp;lt; 6&lt;/b&gt; failed" in html
    assert "Checking now" in email.body
    assert "Your chat transcript" in email.subject


@pytest.mark.django_db
def test_the_transcript_is_in_the_conversations_language(online_agent):
    conversation = ConversationFactory(language="zh-hans")

    email = transcripts.build_transcript_email(conversation, "li@example.com")

    assert "聊天记录" in email.subject


@pytest.mark.django_db(transaction=True)
def test_a_transcript_request_is_mailed_by_the_celery_worker(client, celery_worker, smtp_capture):
    PresenceFactory(user=staff_user("agent"))
    conversation = ConversationFactory(email="li@example.com", language="en")

    response = client.post(
        f"/api/chat/conversations/{conversation.pk}/transcript",
        data=json.dumps({}),
        content_type="application/json",
        headers={"X-Chat-Token": access.conversation_token(conversation)},
    )

    sent = smtp_capture.wait_for(lambda m: m["To"] == "li@example.com")
    assert response.status_code == 202
    assert "My payment failed with error 51." in sent.get_body(("plain",)).get_content()
