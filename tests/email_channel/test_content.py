"""What is kept of a mail: the new text (quoted history cut, per client), decoded from every
listed encoding, and the attachments the web form would accept."""

from pathlib import Path

import pytest

from email_channel.models import InboundEmail
from email_channel.quoting import latest_reply
from tests.email_channel.helpers import pipe
from tests.email_channel.mails import PDF_BYTES, build, encoded, png_bytes
from tests.tickets.factories import TicketFactory
from tickets import mail_ids
from tickets.models import Attachment

QUOTING = Path(__file__).parent / "fixtures" / "quoting"


@pytest.mark.parametrize(
    ("fixture", "reply", "quoted"),
    [
        ("gmail_en.txt", "Thanks, the receipt number is 20261130-8812.", "Please send"),
        ("gmail_zh.txt", "好的，交易号是 4200001234。", "请提供"),
        ("outlook_en.txt", "I tried again this morning and it still fails.", "Please try"),
        ("outlook_zh.txt", "今天早上又试了一次，还是失败。", "请再试"),
        ("apple_mail_en.txt", "Sure, the screenshot is attached.", "Could you"),
        ("apple_mail_zh.txt", "截图已附上。", "请发送"),
        ("qq_mail.txt", "收到，谢谢！", "退款已处理"),
        ("mail_163.txt", "好的，我明天再试一下。", "请明天"),
        ("mail_163_original.txt", "提现还没有到账。", "发件人"),
        ("foxmail.txt", "好的，已上传截图。", "请上传"),
        ("foxmail_zh.txt", "已经收到退款，谢谢。", "退款已处理"),
    ],
)
def test_quoted_history_is_cut_for_each_client(fixture, reply, quoted):
    text = (QUOTING / fixture).read_text()

    kept = latest_reply(text)

    assert kept == reply
    assert quoted not in kept


def test_a_mail_with_nothing_quoted_is_kept_whole():
    text = "First line.\n\nSecond paragraph with details."

    assert latest_reply(text) == text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("charset", "transfer", "text", "subject"),
    [
        ("gb2312", "base64", "我的付款失败了，请帮忙。", "付款失败"),
        # GBK text (镕 is not in GB2312) labelled GB2312, as many clients do.
        ("gbk", "quoted-printable", "朱镕基路的商户扣款两次。", "重复扣款"),
        ("gb18030", "8bit", "提现没有到账 𠀀。", "提现问题"),
        ("big5", "base64", "您好，我的付款失敗了。", "付款失敗"),
        ("utf-8", "quoted-printable", "充值失败，错误代码 51。", "充值失败"),
        ("utf-8", "base64", "账户被盗，请立即冻结！", "账户安全"),
    ],
)
def test_every_listed_encoding_is_decoded(category, charset, transfer, text, subject):
    record = pipe(encoded(text=text, subject=subject, charset=charset, transfer=transfer))

    assert record.ticket.subject == subject
    assert record.ticket.messages.get().body == text
    assert record.ticket.language == "zh-hans"


@pytest.mark.django_db
def test_gb2312_label_on_gbk_text_is_read_as_gbk(category):
    raw = encoded(text="朱镕基", subject="镕", charset="gbk", transfer="base64").replace(
        b"gbk", b"gb2312"
    )

    record = pipe(raw)

    assert record.ticket.messages.get().body == "朱镕基"
    assert record.ticket.subject == "镕"


@pytest.mark.django_db
def test_html_only_mail_is_sanitised_to_text_without_remote_images_or_scripts(category):
    raw = build(
        body="",
        html=(
            "<p>Hello<script>alert(1)</script></p><p>My card <b>fails</b>."
            '<img src="https://tracker.example/pixel.gif"></p>'
            '<div class="gmail_quote">On Mon … wrote: old text</div>'
        ),
    ).replace(b"Content-Type: text/plain", b"Content-Type: text/x-empty")

    body = pipe(raw).ticket.messages.get().body

    assert body == "Hello\nMy card fails."


@pytest.mark.django_db
def test_accepted_attachments_are_stored_and_refused_ones_listed(category):
    raw = build(
        attachments=(
            ("receipt.png", "image/png", png_bytes()),
            ("statement.pdf", "application/pdf", PDF_BYTES),
            ("virus.exe", "application/octet-stream", b"MZ\x90\x00"),
        )
    )

    record = pipe(raw)

    message = record.ticket.messages.get()
    names = sorted(
        Attachment.objects.filter(message=message).values_list("original_name", flat=True)
    )
    assert names == ["receipt.png", "statement.pdf"]
    assert "virus.exe" in message.body
    assert record.status == InboundEmail.Status.FILED


@pytest.mark.django_db
def test_attachments_on_a_reply_reach_the_thread(category):
    ticket = TicketFactory(category=category, email="wang@example.com")

    pipe(
        build(
            to=mail_ids.reply_address(ticket.pk),
            attachments=(("more.png", "image/png", png_bytes()),),
        )
    )

    assert ticket.messages.last().attachments.get().original_name == "more.png"
