"""Demo data for requests: the PRODUCT.md topics, SLA policies, canned responses, and a few
tickets in each state from a Chinese- and an English-speaking customer. Idempotent."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import Topic
from tickets import services, sla
from tickets.models import CannedResponse, Notification, SlaPolicy, Ticket, TopicField
from wallet import services as security_desk

CATEGORIES = [
    # slug, zh name, en name, zh description, en description, priority, is_security
    (
        "payment-failed",
        "付款失败",
        "Payment failed",
        "付款未成功或提示错误",
        "A payment did not go through or showed an error",
        "high",
        False,
    ),
    (
        "funds-not-received",
        "款项未到账",
        "Funds not received",
        "转账或收款未到账",
        "A transfer or payment has not arrived",
        "high",
        False,
    ),
    (
        "top-up",
        "充值",
        "Top-up",
        "充值方式、限额、充值失败或延迟",
        "Top-up methods, limits, failed or delayed top-ups",
        "normal",
        False,
    ),
    (
        "withdrawal",
        "提现",
        "Withdrawal",
        "提现方式、手续费、到账时间、提现失败",
        "Withdrawal methods, fees, timing, failed withdrawals",
        "normal",
        False,
    ),
    (
        "transactions",
        "交易记录",
        "Transaction records",
        "查询、筛选和导出账单",
        "Find, filter and export statements",
        "low",
        False,
    ),
    (
        "account-info",
        "账户信息",
        "Account information",
        "修改手机号、邮箱、银行卡",
        "Change phone, e-mail or bank card",
        "normal",
        False,
    ),
    (
        "password-login",
        "密码与登录",
        "Password and login",
        "忘记密码、收不到验证码",
        "Forgotten password, codes not received",
        "normal",
        False,
    ),
    (
        "account-security",
        "账户安全",
        "Account security",
        "被盗、未授权交易、冻结账户",
        "Theft, unauthorised transactions, freezing the account",
        "urgent",
        True,
    ),
    (
        "close-account",
        "注销账户",
        "Close account",
        "注销条件与数据处理",
        "Conditions and what happens to your data",
        "low",
        False,
    ),
    (
        "complaint",
        "投诉与建议",
        "Complaints and feedback",
        "投诉、建议，可附截图或凭证",
        "Complaints and suggestions, with screenshots or receipts",
        "normal",
        False,
    ),
]


_PAYMENT_FIELDS = [
    # key, kind, zh label, en label, required, choices, zh help, en help
    (
        "transaction_number",
        "transaction",
        "交易号",
        "Transaction number",
        False,
        "",
        "在“账单”中点开这笔交易即可看到，例如 TXN-20261121-0042。",
        "Open the payment in your history to see it, e.g. TXN-20261121-0042.",
    ),
    ("amount", "amount", "金额（元）", "Amount (CNY)", True, "", "", ""),
    ("date", "date", "交易日期", "Date of the payment", True, "", "", ""),
    (
        "payment_method",
        "choice",
        "付款方式",
        "Payment method",
        True,
        "balance | 钱包余额 | Wallet balance\n"
        "debit_card | 储蓄卡 | Debit card\n"
        "credit_card | 信用卡 | Credit card\n"
        "bank_transfer | 银行转账 | Bank transfer",
        "",
        "",
    ),
]

TOPIC_FIELDS = {
    "payment-failed": _PAYMENT_FIELDS,
    "funds-not-received": _PAYMENT_FIELDS,
    "withdrawal": [
        ("bank", "text", "收款银行", "Bank", False, "", "例如：招商银行", "For example: HSBC"),
        (
            "card_last4",
            "card_last4",
            "银行卡后四位",
            "Card's last 4 digits",
            True,
            "",
            "只填最后 4 位，切勿填写完整卡号。",
            "Only the last 4 digits; never the full card number.",
        ),
    ],
    "account-info": [
        (
            "what_changes",
            "choice",
            "要修改的信息",
            "What changes",
            True,
            "phone | 手机号 | Phone number\n"
            "email | 邮箱 | E-mail address\n"
            "bank_card | 绑定的银行卡 | Linked bank card\n"
            "real_name | 实名信息 | Real-name details",
            "",
            "",
        ),
    ],
}

# The demo tickets' answers to their topic's questions ("date" is filled in: the day it was sent).
TICKET_DETAILS = {
    "payment-failed": {
        "transaction_number": "TXN-20261121-0042",
        "amount": "86.50",
        "payment_method": "debit_card",
    },
    "funds-not-received": {
        "transaction_number": "TXN-20261120-1187",
        "amount": "500.00",
        "payment_method": "balance",
    },
    "withdrawal": {"bank": "HSBC", "card_last4": "4821"},
}


SLA_POLICIES = [
    # category slug (None = any), priority ("" = any), first response min, resolution min
    (None, "", 24 * 60, 5 * 24 * 60),
    (None, "urgent", 60, 24 * 60),
    ("account-security", "", 60, 24 * 60),
    ("payment-failed", "high", 4 * 60, 2 * 24 * 60),
]

CANNED = [
    (
        "问候",
        "Greeting",
        "{customer_name}，您好！我是客服{agent_name}，正在处理您的工单 {reference}。",
        "Hello {customer_name}, this is {agent_name} from support. I am looking into your "
        "request {reference}.",
    ),
    (
        "请提供交易号",
        "Ask for the transaction number",
        "{customer_name}，您好！为了尽快核实，请提供交易号和付款时显示的完整错误信息。",
        "Hello {customer_name}, to check this quickly, please send the transaction number and "
        "the exact error shown when you paid.",
    ),
    (
        "账户已冻结",
        "Account frozen",
        "{customer_name}，您好！为保护资金安全，我们已临时冻结您的账户。请修改密码并开启两步验证。",
        "Hello {customer_name}, to protect your money we have frozen your account for now. "
        "Please change your password and turn on two-step verification.",
    ),
]

CUSTOMERS = [
    ("demo-customer-zh", "王芳", "wangfang@example.com", "zh-hans"),
    ("demo-customer-en", "Emma Clark", "emma.clark@example.com", "en"),
]

# (customer index, category, subject, description, txn, hours ago, final status)
TICKETS = [
    (
        0,
        "payment-failed",
        "付款失败，提示“交易异常”",
        "今天中午在商户付款时失败，余额充足。",
        "TXN-20261121-0042",
        5,
        "new",
    ),
    (
        1,
        "funds-not-received",
        "Transfer not received after 2 days",
        "I sent 500 CNY to a friend on Friday; it shows success but they have nothing.",
        "TXN-20261120-1187",
        20,
        "new",
    ),
    (
        0,
        "account-security",
        "账户有一笔不是我本人的交易",
        "凌晨收到扣款短信，我没有操作过，请尽快冻结账户。",
        "TXN-20261122-0003",
        1,
        "open",
    ),
    (
        1,
        "withdrawal",
        "Withdrawal fee higher than shown",
        "The fee charged was 5 CNY but the confirmation screen said 2 CNY.",
        "",
        30,
        "pending_customer",
    ),
    (0, "top-up", "银行卡充值一直处理中", "充值200元，显示处理中已经三个小时。", "", 50, "solved"),
    (
        1,
        "transactions",
        "How do I export last year's statement?",
        "I need a PDF statement for my tax return.",
        "",
        120,
        "closed",
    ),
]


def _load_tickets() -> None:
    """Create the demo tickets once (by the demo customers' e-mail) and age them."""
    if Ticket.objects.filter(customer_email__in=[c[2] for c in CUSTOMERS]).exists():
        return
    User = get_user_model()
    customers = []
    for username, name, email, _language in CUSTOMERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": email, "first_name": name}
        )
        if created:
            user.set_password("demo-pass-2026")
            user.save(update_fields=["password"])
        customers.append(user)
    agent = User.objects.filter(username="agent1").first()
    now = timezone.now()
    for index, slug, subject, body, txn, hours, status in TICKETS:
        username, name, email, language = CUSTOMERS[index]
        details = dict(TICKET_DETAILS.get(slug, {}))
        if any(field[0] == "date" for field in TOPIC_FIELDS.get(slug, ())):
            details["date"] = timezone.localdate(now - dt.timedelta(hours=hours)).isoformat()
        ticket = services.ticket_create(
            category=Topic.objects.get(slug=slug),
            subject=subject,
            description=body,
            email=email,
            name=name,
            language=language,
            customer=customers[index],
            transaction_number=txn,
            details=details or None,
        )
        created_at = now - dt.timedelta(hours=hours)
        Ticket.objects.filter(pk=ticket.pk).update(created_at=created_at)
        ticket.refresh_from_db()
        sla.apply_targets(ticket, start=created_at)
        ticket.save(update_fields=list(sla.TARGET_FIELDS))
        if slug == "account-security":
            # The customer asked to freeze their account: the wallet panel offers one click.
            security_desk.freeze_ask(ref=services.ticket_ref(ticket))
        if status == "new":
            continue
        if agent is not None:
            services.ticket_assign(ticket=ticket, assignee=agent, by=agent)
            services.ticket_reply(
                ticket=ticket,
                author=agent,
                body="您好，我们正在处理。" if language == "zh-hans" else "Hello, we are on it.",
            )
        if status in ("pending_customer", "solved", "closed"):
            services.ticket_set_status(ticket=ticket, status=status, by=agent)
    # Demo history is not e-mailed to the (fictional) customers.
    Notification.objects.filter(status=Notification.Status.PENDING).filter(
        ticket__customer_email__in=[c[2] for c in CUSTOMERS]
    ).update(status=Notification.Status.SENT, sent_at=now)


def load() -> None:
    _load_categories()
    _load_topic_fields()
    for slug, priority, first, resolution in SLA_POLICIES:
        SlaPolicy.objects.update_or_create(
            category=Topic.objects.get(slug=slug) if slug else None,
            priority=priority,
            defaults={"first_response_minutes": first, "resolution_minutes": resolution},
        )
    for position, (title_zh, title_en, body_zh, body_en) in enumerate(CANNED):
        CannedResponse.objects.update_or_create(
            title_en=title_en,
            defaults={
                "title_zh_hans": title_zh,
                "body_zh_hans": body_zh,
                "body_en": body_en,
                "position": position,
                # Only tickets have a reference to quote.
                "scope": CannedResponse.Scope.TICKETS
                if "{reference}" in body_en
                else CannedResponse.Scope.BOTH,
            },
        )
    _load_tickets()


def _load_categories() -> None:
    for position, (slug, zh, en, desc_zh, desc_en, priority, security) in enumerate(CATEGORIES):
        Topic.objects.update_or_create(
            slug=slug,
            defaults={
                "name_zh_hans": zh,
                "name_en": en,
                "description_zh_hans": desc_zh,
                "description_en": desc_en,
                "default_priority": priority,
                "is_security": security,
                "position": position,
                "is_active": True,
            },
        )


def _load_topic_fields() -> None:
    for slug, fields in TOPIC_FIELDS.items():
        topic = Topic.objects.get(slug=slug)
        for position, (key, kind, zh, en, required, choices, help_zh, help_en) in enumerate(fields):
            TopicField.objects.update_or_create(
                topic=topic,
                key=key,
                defaults={
                    "kind": kind,
                    "label_zh_hans": zh,
                    "label_en": en,
                    "required": required,
                    "choices": choices,
                    "help_zh_hans": help_zh,
                    "help_en": help_en,
                    "position": position,
                },
            )
