"""Demo staff accounts, contact channels and business hours; and a demo customer whose guest
requests and chat joined the account when its e-mail was confirmed (``load_customer``, run
after the apps' demo data, which it needs)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import services as accounts_services
from accounts import verification
from accounts.services import staff_member_upsert
from chat.models import Conversation, Message
from chat.services import conversation_accept, conversation_close
from chat.services.messages import message_write
from core.models import BusinessHours, Holiday, Topic
from helpcenter.models import ContactChannel
from helpcenter.selectors import contact_channels_changed
from tickets import services as tickets_services
from tickets.models import Notification

DEMO_PASSWORD = "demo-pass-2026"
DEMO_LOGINS = [
    {"role": "admin", "username": "admin", "name": "Alex Admin", "password": DEMO_PASSWORD},
    {
        "role": "supervisor",
        "username": "supervisor",
        "name": "苏珊 Susan",
        "password": DEMO_PASSWORD,
    },
    {"role": "agent", "username": "agent1", "name": "李娜 Lina", "password": DEMO_PASSWORD},
    {"role": "agent", "username": "agent2", "name": "Tom Agent", "password": DEMO_PASSWORD},
]

# Days support is closed (SLA clocks that count opening hours skip them).
DEMO_HOLIDAYS = [
    (dt.date(2027, 1, 1), "元旦", "New Year's Day"),
    (dt.date(2027, 2, 6), "春节", "Spring Festival"),
]

DAILY_ZH, DAILY_EN = "每天 8:00–22:00", "Daily 8:00–22:00"
CONTACT_CHANNELS = [
    ("chat", "在线客服", "Live chat", "", "/chat/", DAILY_ZH, DAILY_EN),
    (
        "form",
        "提交工单",
        "Submit a request",
        "",
        "/requests/new/",
        "24 小时内回复",
        "Answer within 24 hours",
    ),
    (
        "email",
        "电子邮件",
        "E-mail",
        "support@wallet.example",
        "mailto:support@wallet.example",
        "",
        "",
    ),
    ("phone", "客服热线", "Phone", "400-800-1234", "tel:+864008001234", DAILY_ZH, DAILY_EN),
    ("social", "微信公众号", "WeChat", "WalletHelp", "", "", ""),
    ("social", "微博", "Weibo", "@WalletHelp", "https://weibo.com/wallethelp", "", ""),
]


def load() -> None:
    for login in DEMO_LOGINS:
        staff_member_upsert(
            username=login["username"],
            email=f"{login['username']}@wallet.example",
            name=login["name"],
            role=login["role"],
            password=login["password"],
        )
    for position, (kind, zh, en, value, url, hours_zh, hours_en) in enumerate(CONTACT_CHANNELS):
        ContactChannel.objects.update_or_create(
            kind=kind,
            label_en=en,
            defaults={
                "label_zh_hans": zh,
                "value": value,
                "url": url,
                "position": position,
                "hours_zh_hans": hours_zh,
                "hours_en": hours_en,
                "is_active": True,
            },
        )
    for weekday in range(7):
        BusinessHours.objects.update_or_create(
            weekday=weekday, defaults={"opens_at": dt.time(8), "closes_at": dt.time(22)}
        )
    for date, name_zh, name_en in DEMO_HOLIDAYS:
        Holiday.objects.update_or_create(
            date=date, defaults={"name_zh_hans": name_zh, "name_en": name_en}
        )
    contact_channels_changed()


# A customer who wrote to us as a guest first, then signed up with that address and confirmed
# it: the earlier requests and the chat are under My requests.
DEMO_CUSTOMER = {
    "role": "customer",
    "username": "chen.jing@example.com",
    "name": "陈静 Chen Jing",
    "password": DEMO_PASSWORD,
}
DEMO_CUSTOMER_REQUESTS = [
    # topic slug, subject, description, language
    (
        "withdrawal",
        "提现三天还没到账",
        "周一提现 500 元到招商银行卡，显示成功但银行卡没有收到。",
        "zh-hans",
    ),
    (
        "account-info",
        "How do I change the phone number on my account?",
        "I have a new phone number and no longer receive codes on the old one.",
        "en",
    ),
]

DEMO_CHAT_REPLIES = [
    (
        Message.SenderKind.AGENT,
        "您好！银行卡充值一般即时到账，个别银行最长 30 分钟。超过 30 分钟仍在处理中，"
        "请把交易单号发给我们，我们帮您查询。",
    ),
    (Message.SenderKind.CUSTOMER, "刚刚到账了，谢谢！"),
]


def load_customer() -> None:
    """The demo customer: guest requests and a guest chat with the address, then the account,
    confirmed through the same service a confirmation link uses. Idempotent."""
    email, name = DEMO_CUSTOMER["username"], DEMO_CUSTOMER["name"]
    if get_user_model().objects.filter(username=email).exists():
        return
    for slug, subject, description, language in DEMO_CUSTOMER_REQUESTS:
        tickets_services.ticket_create(
            category=Topic.objects.get(slug=slug),
            subject=subject,
            description=description,
            email=email,
            name=name,
            language=language,
            customer=None,
        )
    chat = Conversation.objects.create(
        customer_name=name,
        customer_email=email,
        topic=Topic.objects.get(slug="top-up"),
        language="zh-hans",
    )
    message_write(
        conversation_id=chat.pk,
        sender_kind=Message.SenderKind.CUSTOMER,
        body="充值 200 元显示处理中，多久能到账？",
        held=chat,
    )
    # Answered by a demo agent, so that the chat's page under My requests reads as a real one.
    agent = get_user_model().objects.get(username="agent1")
    conversation_accept(conversation_id=chat.pk, user=agent)
    for sender_kind, body in DEMO_CHAT_REPLIES:
        message_write(
            conversation_id=chat.pk,
            sender_kind=sender_kind,
            body=body,
            user=agent if sender_kind == Message.SenderKind.AGENT else None,
        )
    conversation_close(conversation_id=chat.pk, by_customer=True)
    user = accounts_services.customer_create(
        name=name, email=email, password=DEMO_CUSTOMER["password"], language="zh-hans"
    )
    pending = user.email_verifications.get(status="pending")
    accounts_services.email_verification_confirm(token=verification.token_for(pending))
    # Demo history is not e-mailed to the (fictional) customer.
    Notification.objects.filter(
        status=Notification.Status.PENDING, ticket__customer_email=email
    ).update(status=Notification.Status.SENT, sent_at=timezone.now())
