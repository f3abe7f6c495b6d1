"""Factories for the security desk: demo-wallet accounts and transactions."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from wallet.models import DemoAccount, DemoTransaction


class DemoAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemoAccount

    wallet_user_id = factory.Sequence(lambda n: f"w-{9000 + n}")
    email = factory.Sequence(lambda n: f"holder{n}@example.com")
    phone = "+8613800001234"
    verification_level = DemoAccount.Level.FULL
    balance = Decimal("1520.35")


class DemoTransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemoTransaction

    account = factory.SubFactory(DemoAccountFactory)
    number = factory.Sequence(lambda n: f"TXN-20261130-{n:04d}")
    amount = Decimal("-1999.00")
    status = DemoTransaction.Status.COMPLETED
    created_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=3))
    counterparty = "**** 7781"
