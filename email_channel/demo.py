"""Demo data for the e-mail channel: an example mailbox (inactive) and a few mails taken in
through the one intake: a new request in Chinese sent from QQ Mail, a reply to it through the
reply address, a mail from another sender (held for an agent), an auto-reply (ignored) and
one that could not be parsed (quarantined). For the console's e-mail controls: a CC on that
request, a later mail quoting its reference in the subject (a new request, possibly related:
the merge button), and a request agent1 started by e-mail whose address bounced. Idempotent:
Message-IDs are unique."""

import base64

from django.contrib.auth import get_user_model

from core.models import Topic
from email_channel import agents
from email_channel.models import InboundEmail, Mailbox
from email_channel.services import inbound_email_receive
from tickets import mail_ids, services
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

RELATED = """From: chen.chen@example.com
To: support@wallet.example
Subject: =?utf-8?B?{subject}?=
Message-ID: <demo-email-5@example.com>
Content-Type: text/plain; charset="utf-8"

还是没有到账，请帮忙催一下。
"""

BOUNCED_TO = "liu.yang@example.com"

BOUNCE = f"""From: MAILER-DAEMON@mx.example.com
To: support@wallet.example
Return-Path: <>
Subject: Undelivered Mail Returned to Sender
Message-ID: <demo-email-6@mx.example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

This is the mail system. Delivery failed.
--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; {BOUNCED_TO}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--b--
"""


def _started_by_email() -> None:
    """A request agent1 opened with an e-mail to a customer, whose address then bounced."""
    agent = get_user_model().objects.filter(username="agent1").first()
    category = Topic.objects.filter(slug="withdrawal").first() or Topic.objects.first()
    if agent is None or category is None:
        return
    if not Ticket.objects.filter(customer_email=BOUNCED_TO).exists():
        services.ticket_open_for_customer(
            by=agent,
            source=Ticket.Source.EMAIL,
            category=category,
            subject="Your withdrawal was returned by the bank",
            description="Bank returned WD-20261126-0042: account name does not match.",
            email=BOUNCED_TO,
            name="Liu Yang",
            language="en",
            first_message=(
                "Your withdrawal of 800 yuan on 26 November was returned by your bank because "
                "the account name does not match. Which account should we send it to?"
            ),
        )
    inbound_email_receive(raw=BOUNCE.encode())


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
        agents.participant_add(ticket=ticket, email="chen.wei@example.com", by=None)
        subject = base64.b64encode(f"催一下 {ticket.reference}".encode()).decode()
        inbound_email_receive(raw=RELATED.format(subject=subject).encode())
    _started_by_email()
    inbound_email_receive(raw=AUTO_REPLY.encode())
    if not InboundEmail.objects.filter(status=InboundEmail.Status.QUARANTINED).exists():
        inbound_email_receive(raw=BROKEN)
