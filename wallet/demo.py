"""Demo data for the account security desk: demo-wallet accounts for the demo customers (by
their e-mail), with recent transactions including the numbers their demo requests mention,
and an on-call contact. Idempotent."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wallet.models import DemoAccount, DemoTransaction, OnCallContact

ACCOUNTS = [
    # wallet user id, e-mail, phone, level, balance
    ("w-2001", "wangfang@example.com", "+8613800002001", "full", "3260.50"),
    ("w-2002", "emma.clark@example.com", "+8613900002002", "basic", "812.00"),
]

# wallet user id, number, amount, status, hours ago, counterparty (masked)
TRANSACTIONS = [
    ("w-2001", "TXN-20261122-0003", "-1999.00", "completed", 30, "**** 7781"),
    ("w-2001", "TXN-20261121-0042", "-86.00", "failed", 50, "Lotus Coffee"),
    ("w-2001", "TXN-20261120-0917", "500.00", "completed", 80, "**** 1290"),
    ("w-2002", "TXN-20261120-1187", "-500.00", "completed", 70, "**** 3346"),
    ("w-2002", "TXN-20261119-0230", "-2.00", "completed", 96, "Withdrawal fee"),
    ("w-2002", "TXN-20261118-0051", "1000.00", "completed", 120, "**** 5512"),
]


def load() -> None:
    now = timezone.now()
    for wallet_user_id, email, phone, level, balance in ACCOUNTS:
        DemoAccount.objects.get_or_create(
            wallet_user_id=wallet_user_id,
            defaults={
                "email": email,
                "phone": phone,
                "verification_level": level,
                "balance": Decimal(balance),
            },
        )
    accounts = {a.wallet_user_id: a for a in DemoAccount.objects.all()}
    for wallet_user_id, number, amount, status, hours, counterparty in TRANSACTIONS:
        DemoTransaction.objects.get_or_create(
            number=number,
            defaults={
                "account": accounts[wallet_user_id],
                "amount": Decimal(amount),
                "status": status,
                "created_at": now - dt.timedelta(hours=hours),
                "counterparty": counterparty,
            },
        )
    OnCallContact.objects.get_or_create(
        email="oncall@wallet.example", defaults={"name": "Security on call"}
    )
