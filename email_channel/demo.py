"""Demo data for the e-mail channel: an example mailbox (inactive) and a few mails taken in
through the one intake: a new request in Chinese sent from QQ Mail, a reply to it through the
reply address, a mail from another sender (held for an agent), an auto-reply (ignored) and
one that could not be parsed (quarantined). Idempotent: Message-IDs are unique."""

from email_channel.models import InboundEmail, Mailbox
from email_channel.services import inbound_email_receive
from tickets import mail_ids
from tickets.models import Ticket

NEW_MAIL = """From: =?utf-8?B?6ZmI5pmo?= <chen.chen@example.com>
To: support@wallet.example
Subject: =?utf-8?B?5o+Q546w5LiJ5aSp5LqG6L+Y5rKh5Yiw6LSm?=
Message-ID: <demo-email-1@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

您好，我 11 月 27 日提现 2,000 元到招商银行卡，三天了还没有到账，交易号 TX20261127-5531。

------------------ 原始邮件 ------------------
发件人: "Wallet" <noreply@wallet.example>;
主题: 提现申请已提交
"""

REPLY = """From: chen.chen@example.com
To: {reply_address}
Subject: Re: demo
Message-ID: <demo-email-2@example.com>
Content-Type: text/plain; charset="utf-8"

补充一下：银行卡尾号 8812。

在 2026-11-28 10:15:00，"Wallet Help Center" <support@wallet.example> 写道：
> 我们已收到您的请求。
"""

OTHER_SENDER = """From: someone.else@example.net
To: {reply_address}
Subject: Re: demo
Message-ID: <demo-email-3@example.com>
Content-Type: text/plain; charset="utf-8"

This is not my request, but please also refund my card.
"""

AUTO_REPLY = """From: chen.chen@example.com
To: support@wallet.example
Subject: =?utf-8?B?6Ieq5Yqo5Zue5aSN?=
Auto-Submitted: auto-replied
Message-ID: <demo-email-4@example.com>

I am out of the office until Monday.
"""

BROKEN = b"\x00\x01 not an e-mail"


def load() -> None:
    Mailbox.objects.get_or_create(
        name="Support mailbox (example)",
        defaults={
            "host": "imap.example.com",
            "port": 993,
            "username": "support@wallet.example",
            "password_env": "SUPPORT_IMAP_PASSWORD",
            "is_active": False,
        },
    )
    first = inbound_email_receive(raw=NEW_MAIL.encode())
    ticket = first.ticket or Ticket.objects.filter(customer_email="chen.chen@example.com").first()
    if ticket is not None:
        reply_address = mail_ids.reply_address(ticket.pk)
        for template in (REPLY, OTHER_SENDER):
            inbound_email_receive(raw=template.format(reply_address=reply_address).encode())
    inbound_email_receive(raw=AUTO_REPLY.encode())
    if not InboundEmail.objects.filter(status=InboundEmail.Status.QUARANTINED).exists():
        inbound_email_receive(raw=BROKEN)
