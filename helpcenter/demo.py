"""Demo staff accounts, contact channels and business hours."""

import datetime as dt

from accounts.services import staff_member_upsert
from core.models import BusinessHours, Holiday
from helpcenter.models import ContactChannel
from helpcenter.selectors import contact_channels_changed

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
