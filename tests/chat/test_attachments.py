"""Files in chat messages: the upload (customer and agent), the frame over a real websocket,
refused files, who may download, de-duplication of a resend, transcripts."""

import asyncio
import io
import json
import zipfile

import httpx
import pytest
import websockets
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile

from chat import access, protocol, selectors, services, transcripts
from chat.models import ChatAttachment, Conversation, Message
from chat.serialize import message_frame
from core.uploads import clean_upload
from tests.chat.conftest import customer_socket, login_cookie
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import PDF_BYTES, png_bytes
from tests.waiting import HTTP_TIMEOUT

pytestmark = pytest.mark.django_db


def png(name: str = "receipt.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def upload(client, conversation, *files, client_id="f-1", body="", token=True, **fields):
    headers = {"X-Chat-Client": "widget"}
    if token:
        headers["X-Chat-Token"] = access.conversation_token(conversation)
    return client.post(
        f"/api/chat/conversations/{conversation.pk}/files",
        {"client_id": client_id, "body": body, "files": list(files), **fields},
        headers=headers,
    )


def download(client, attachment, token=""):
    """The download as the widget makes it: the token in the X-Chat-Token header."""
    conversation_id = attachment.message.conversation_id
    return client.get(
        f"/api/chat/conversations/{conversation_id}/files/{attachment.pk}",
        headers={"X-Chat-Token": token} if token else {},
    )


def stored_attachment(conversation, name="receipt.png") -> ChatAttachment:
    with_file = SimpleUploadedFile(name, png_bytes(), content_type="image/png")
    result = services.message_send_files(
        conversation_id=conversation.pk,
        sender_kind="customer",
        client_id=f"stored-{name}",
        body="",
        uploads=[clean_upload(with_file)],
    )
    return result.message.attachments.get()


# --- upload ---------------------------------------------------------------------------------------
def test_the_customer_sends_a_picture_and_a_pdf_as_the_next_message(client, online_agent):
    conversation = ConversationFactory()
    pdf = SimpleUploadedFile("statement.pdf", PDF_BYTES, content_type="application/pdf")

    response = upload(client, conversation, png(), pdf, body="Here is the receipt")

    frame = response.json()["message"]
    protocol.validate_server_frame(frame)
    assert response.status_code == 201
    assert (frame["seq"], frame["sender"]["kind"], frame["body"]) == (
        conversation.last_seq + 1,
        "customer",
        "Here is the receipt",
    )
    assert [(a["name"], a["content_type"]) for a in frame["attachments"]] == [
        ("receipt.png", "image/png"),
        ("statement.pdf", "application/pdf"),
    ]
    stored = ChatAttachment.objects.get(pk=frame["attachments"][1]["id"])
    assert stored.file.read() == PDF_BYTES
    assert frame["attachments"][1]["url"] == (
        f"/api/chat/conversations/{conversation.pk}/files/{stored.pk}"
    )


def test_the_assigned_agent_sends_a_file_with_the_session(client, online_agent):
    conversation = ConversationFactory()
    client.force_login(online_agent)

    response = upload(client, conversation, png("steps.png"), token=False)

    frame = response.json()["message"]
    assert response.status_code == 201
    assert (frame["sender"]["kind"], frame["body"]) == ("agent", "")
    assert Message.objects.get(pk=frame["id"]).sender == online_agent


def test_an_agent_not_assigned_to_the_chat_cannot_send_files(client, online_agent):
    conversation = ConversationFactory()
    client.force_login(staff_user("agent"))

    response = upload(client, conversation, png(), token=False)

    assert (response.status_code, response.json()["error"]) == (403, "forbidden")


def test_a_resend_with_the_same_client_id_stores_the_files_once(client, online_agent):
    conversation = ConversationFactory()
    first = upload(client, conversation, png(), client_id="same")

    again = upload(client, conversation, png(), client_id="same")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] is True
    assert again.json()["message"] == first.json()["message"]
    assert ChatAttachment.objects.filter(message__conversation=conversation).count() == 1


def test_the_message_frame_is_broadcast_after_commit_with_its_files(
    online_agent, published, django_capture_on_commit_callbacks
):
    conversation = ConversationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        attachment = stored_attachment(conversation)

    frame = next(e["frame"] for _, e in published if e["frame"]["type"] == "message")
    protocol.validate_server_frame(frame)
    assert [a["id"] for a in frame["attachments"]] == [attachment.pk]


def test_text_messages_carry_an_empty_file_list(online_agent):
    conversation = ConversationFactory()

    result = services.message_send(
        conversation_id=conversation.pk, sender_kind="customer", client_id="t-1", body="Hi"
    )

    assert result.message.has_attachments is False
    assert message_frame(result.message)["attachments"] == []


def test_no_file_at_all_is_refused(client, online_agent):
    conversation = ConversationFactory()

    response = upload(client, conversation, body="Only text")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["files"]


def test_more_than_five_files_are_refused(client, online_agent):
    conversation = ConversationFactory()

    response = upload(client, conversation, *[png(f"p{n}.png") for n in range(6)])

    assert response.status_code == 400
    assert not Message.objects.filter(conversation=conversation, has_attachments=True).exists()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("screenshot.png", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("photos.zip", _zip()),
    ],
)
def test_a_file_that_is_not_an_image_or_pdf_is_refused_in_the_customers_language(
    client, online_agent, name, data
):
    conversation = ConversationFactory(language="zh-hans")

    response = upload(client, conversation, SimpleUploadedFile(name, data))

    assert response.status_code == 400
    assert response.json()["fields"]["files"][0]["message"] == (
        f"“{name}” 无法上传：仅支持图片（PNG、JPEG、GIF、WebP）和 PDF 文件。"
    )
    assert not ChatAttachment.objects.exists()


def test_a_file_over_10_mb_is_refused_in_the_requested_language(client, online_agent):
    conversation = ConversationFactory(language="zh-hans")
    large = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))

    response = upload(client, conversation, large, language="en")

    assert response.status_code == 400
    assert response.json()["fields"]["files"][0]["message"] == "“scan.pdf” is larger than 10 MB."


def test_files_cannot_be_sent_to_a_closed_chat(client, online_agent):
    conversation = ConversationFactory()
    services.conversation_close(conversation_id=conversation.pk, by_customer=True)

    response = upload(client, conversation, png())

    # Closing ended the customer's token (chat.access), so the chat is not theirs any more.
    assert (response.status_code, response.json()["error"]) == (404, "not_found")


@pytest.mark.usefixtures("_early_in_an_hour")
def test_uploads_are_rate_limited(client, online_agent, settings):
    settings.CHAT_UPLOAD_RATE = "2/m"
    conversation = ConversationFactory()
    for n in range(2):
        upload(client, conversation, png(), client_id=f"r-{n}")

    response = upload(client, conversation, png(), client_id="r-3")

    assert response.status_code == 429


def test_customer_b_cannot_send_files_to_customer_as_chat(client, online_agent):
    conversation_a = ConversationFactory()
    conversation_b = ConversationFactory()

    response = client.post(
        f"/api/chat/conversations/{conversation_a.pk}/files",
        {"client_id": "x", "files": [png()]},
        headers={"X-Chat-Token": access.conversation_token(conversation_b)},
    )

    assert response.status_code == 404


# --- download -------------------------------------------------------------------------------------
def test_the_customer_downloads_with_the_token_and_the_browser_may_not_sniff(client, online_agent):
    conversation = ConversationFactory()
    attachment = stored_attachment(conversation)

    response = download(client, attachment, token=access.conversation_token(conversation))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="receipt.png"'
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()


def test_a_pdf_is_downloaded_not_shown(client, online_agent):
    conversation = ConversationFactory()
    upload(
        client,
        conversation,
        SimpleUploadedFile("statement.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    attachment = ChatAttachment.objects.get()

    response = download(client, attachment, token=access.conversation_token(conversation))

    assert response["Content-Disposition"] == 'attachment; filename="statement.pdf"'


def test_customer_b_cannot_download_customer_as_file_by_id(client, online_agent):
    conversation_a = ConversationFactory()
    conversation_b = ConversationFactory()
    attachment = stored_attachment(conversation_a)

    by_url = download(client, attachment, token=access.conversation_token(conversation_b))
    through_own_chat = client.get(
        f"/api/chat/conversations/{conversation_b.pk}/files/{attachment.pk}",
        headers={"X-Chat-Token": access.conversation_token(conversation_b)},
    )

    assert (by_url.status_code, through_own_chat.status_code) == (404, 404)


def test_anonymous_visitors_get_404(client, online_agent):
    attachment = stored_attachment(ConversationFactory())

    response = download(client, attachment)

    assert response.status_code == 404


def test_a_customer_account_that_is_not_staff_gets_404(client, online_agent, customer):
    attachment = stored_attachment(ConversationFactory())
    client.force_login(customer)

    response = download(client, attachment)

    assert response.status_code == 404


def test_any_agent_can_download(client, online_agent):
    attachment = stored_attachment(ConversationFactory())
    client.force_login(staff_user("agent"))

    response = download(client, attachment)

    assert response.status_code == 200


# --- transcripts and tickets ----------------------------------------------------------------------
def test_the_transcript_lists_the_file_names(online_agent):
    conversation = ConversationFactory(language="en")
    stored_attachment(conversation, name="receipt.png")

    text = transcripts.transcript_text(conversation)

    assert text.splitlines()[-1].endswith(": (Files: receipt.png)")


def test_a_converted_chat_lists_its_files_in_the_ticket(client, online_agent):
    conversation = ConversationFactory(language="en")
    stored_attachment(conversation, name="receipt.png")

    ticket = services.conversation_convert(conversation_id=conversation.pk, user=online_agent)

    assert "(Files: receipt.png)" in ticket.messages.get().body


# --- a real daphne, real websockets ---------------------------------------------------------------
@database_sync_to_async
def _chat_with_an_agent():
    agent = staff_user("agent")
    PresenceFactory(user=agent)
    return ConversationFactory(), agent


async def _next_message(socket) -> dict:
    async with asyncio.timeout(10):
        while True:
            frame = json.loads(await socket.recv())
            protocol.validate_server_frame(frame)
            if frame["type"] == "message" and frame["attachments"]:
                return frame


@pytest.mark.django_db(transaction=True)
async def test_a_customers_file_reaches_the_agents_socket_and_the_agent_can_open_it(live_daphne):
    conversation, agent = await _chat_with_an_agent()
    cookie = await login_cookie(agent)
    token = access.conversation_token(conversation)
    staff = await websockets.connect(
        f"{live_daphne.ws_url}/ws/agent/",
        origin=live_daphne.url,
        additional_headers=[("Cookie", cookie)],
    )
    await staff.send(json.dumps({"type": "sync", "conversation": conversation.pk, "last_seq": 0}))

    async with httpx.AsyncClient(base_url=live_daphne.url, timeout=HTTP_TIMEOUT) as http:
        sent = await http.post(
            f"/api/chat/conversations/{conversation.pk}/files",
            data={"client_id": "live-1", "body": "See the picture"},
            files={"files": ("receipt.png", png_bytes(), "image/png")},
            headers={"X-Chat-Token": token, "X-Chat-Client": "widget"},
        )
        frame = await _next_message(staff)
        opened = await http.get(frame["attachments"][0]["url"], headers={"Cookie": cookie})
    await staff.close()

    assert sent.status_code == 201
    assert (frame["client_id"], frame["body"]) == ("live-1", "See the picture")
    assert frame["attachments"][0]["name"] == "receipt.png"
    assert (opened.status_code, opened.headers["content-type"]) == (200, "image/png")


@pytest.mark.django_db(transaction=True)
async def test_a_reconnecting_customer_gets_the_files_in_the_replay(online_agent):
    conversation = await database_sync_to_async(ConversationFactory)()
    attachment = await database_sync_to_async(stored_attachment)(conversation)
    socket = await customer_socket(conversation)
    assert await socket.connect()

    await socket.send({"type": "sync", "last_seq": 0})
    replayed = await socket.expect("message", id=attachment.message_id)
    await socket.close()

    assert [a["id"] for a in replayed["attachments"]] == [attachment.pk]


def test_the_queue_preview_of_a_files_only_message_is_a_paperclip(online_agent):
    conversation = ConversationFactory()
    Conversation.objects.filter(pk=conversation.pk).update(
        status=Conversation.Status.WAITING, agent=None
    )
    stored_attachment(conversation)

    item = next(i for i in selectors.queue_items() if i["id"] == conversation.pk)

    assert item["preview"] == "📎"
