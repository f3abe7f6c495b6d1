"""The demo wallet: the ``Wallet`` interface over seeded rows (``DemoAccount``,
``DemoTransaction``), so the embedded default shows the whole security desk.

It "sends" a one-time code as an e-mail to the account's verified address whatever channel is
asked (there is no SMS gateway in the demo), after the transaction commits."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import Email
from wallet.adapter import WalletCustomer, WalletTransaction, mask_email
from wallet.models import DemoAccount, DemoTransaction


def _customer(account: DemoAccount) -> WalletCustomer:
    return WalletCustomer(
        wallet_user_id=account.wallet_user_id,
        status=account.status,
        email=account.email,
        phone=account.phone,
        verification_level=account.verification_level,
        frozen=account.frozen,
        balance=account.balance,
        currency=account.currency,
    )


def _transaction(row: DemoTransaction) -> WalletTransaction:
    return WalletTransaction(
        number=row.number,
        amount=row.amount,
        currency=row.currency,
        status=row.status,
        created_at=row.created_at,
        counterparty=row.counterparty,
    )


class DemoWallet:
    def customer(self, *, wallet_user_id: str = "", email: str = "") -> WalletCustomer | None:
        if wallet_user_id:
            account = DemoAccount.objects.filter(wallet_user_id=wallet_user_id).first()
        else:
            account = DemoAccount.objects.filter(email__iexact=email).first() if email else None
        return _customer(account) if account else None

    def transactions(self, *, wallet_user_id: str, limit: int = 10) -> list[WalletTransaction]:
        rows = DemoTransaction.objects.filter(account__wallet_user_id=wallet_user_id)[:limit]
        return [_transaction(row) for row in rows]

    def transaction(self, *, wallet_user_id: str, number: str) -> WalletTransaction | None:
        row = DemoTransaction.objects.filter(
            account__wallet_user_id=wallet_user_id, number=number
        ).first()
        return _transaction(row) if row else None

    def _set_frozen(self, wallet_user_id: str, frozen: bool) -> WalletCustomer:
        DemoAccount.objects.filter(wallet_user_id=wallet_user_id).update(frozen=frozen)
        return _customer(DemoAccount.objects.get(wallet_user_id=wallet_user_id))

    def freeze(self, *, wallet_user_id: str, reason: str) -> WalletCustomer:
        return self._set_frozen(wallet_user_id, True)

    def unfreeze(self, *, wallet_user_id: str, reason: str) -> WalletCustomer:
        return self._set_frozen(wallet_user_id, False)

    def close(self, *, wallet_user_id: str, reason: str) -> WalletCustomer:
        DemoAccount.objects.filter(wallet_user_id=wallet_user_id).update(
            status=DemoAccount.Status.CLOSED
        )
        return _customer(DemoAccount.objects.get(wallet_user_id=wallet_user_id))

    def send_code(self, *, wallet_user_id: str, code: str, channel: str, language: str) -> str:
        account = DemoAccount.objects.get(wallet_user_id=wallet_user_id)
        with translation.override(language):
            subject = _("Your verification code")
            body = _(
                "Your verification code is %(code)s. It is valid for 10 minutes.\n\n"
                "Give it only to the help center agent you are talking to right now. If you did "
                "not ask for it, do not share it."
            ) % {"code": code}
        message = Email(subject, body, settings.DEFAULT_FROM_EMAIL, [account.email])
        transaction.on_commit(lambda: message.send(fail_silently=True))
        return mask_email(account.email)
