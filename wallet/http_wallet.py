"""The wallet's HTTP API as a ``Wallet`` (the contract is in docs/security-desk.md).

Every call is ``POST {WALLET_API_URL}/v1/<operation>`` with a JSON body, signed with
HMAC-SHA256 over ``<timestamp>.<body>`` using ``WALLET_API_SECRET``
(``X-Helpcenter-Timestamp``, ``X-Helpcenter-Signature: sha256=<hex>``). The wallet signs its
answer the same way (``X-Wallet-Timestamp``, ``X-Wallet-Signature``); an answer that is late,
not 2xx/404, not JSON, unsigned, wrongly signed or older than ``SIGNATURE_TOLERANCE`` raises
``WalletUnavailable``, which agents see as "the wallet is not answering"."""

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx
from django.conf import settings

from wallet.adapter import WalletCustomer, WalletTransaction, WalletUnavailable

log = logging.getLogger(__name__)

SIGNATURE_TOLERANCE = 300  # seconds between the signer's clock and ours
REQUEST_TIMESTAMP = "X-Helpcenter-Timestamp"
REQUEST_SIGNATURE = "X-Helpcenter-Signature"
RESPONSE_TIMESTAMP = "X-Wallet-Timestamp"
RESPONSE_SIGNATURE = "X-Wallet-Signature"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256 of "<timestamp>." + body>``: both directions."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def signature_valid(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        return False
    expected = sign(secret, timestamp, body)
    return age <= SIGNATURE_TOLERANCE and hmac.compare_digest(expected, signature)


def _customer(data: dict[str, Any]) -> WalletCustomer:
    return WalletCustomer(
        wallet_user_id=str(data["wallet_user_id"]),
        status=str(data["status"]),
        email=str(data.get("email") or ""),
        phone=str(data.get("phone") or ""),
        verification_level=str(data["verification_level"]),
        frozen=bool(data["frozen"]),
        balance=Decimal(str(data["balance"])),
        currency=str(data["currency"]),
    )


def _transaction(data: dict[str, Any]) -> WalletTransaction:
    return WalletTransaction(
        number=str(data["number"]),
        amount=Decimal(str(data["amount"])),
        currency=str(data["currency"]),
        status=str(data["status"]),
        created_at=dt.datetime.fromisoformat(str(data["created_at"])),
        counterparty=str(data["counterparty"]),
    )


class HttpWallet:
    def __init__(
        self, base_url: str | None = None, secret: str | None = None, timeout: float | None = None
    ) -> None:
        self.base_url = (base_url or settings.WALLET_API_URL).rstrip("/")
        self.secret = secret or settings.WALLET_API_SECRET
        self.timeout = timeout or settings.WALLET_API_TIMEOUT

    def _call(self, operation: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """POST one signed request; the verified JSON answer, or None for a 404."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            REQUEST_TIMESTAMP: timestamp,
            REQUEST_SIGNATURE: sign(self.secret, timestamp, body),
        }
        try:
            response = httpx.post(
                f"{self.base_url}/v1/{operation}",
                content=body,
                headers=headers,
                timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            log.warning("wallet.unreachable", extra={"operation": operation, "error": str(exc)})
            raise WalletUnavailable from exc
        if response.status_code not in (200, 404):
            log.warning(
                "wallet.bad_status",
                extra={"operation": operation, "status": response.status_code},
            )
            raise WalletUnavailable
        if not signature_valid(
            self.secret,
            response.headers.get(RESPONSE_TIMESTAMP, ""),
            response.content,
            response.headers.get(RESPONSE_SIGNATURE, ""),
        ):
            log.warning("wallet.bad_signature", extra={"operation": operation})
            raise WalletUnavailable
        if response.status_code == 404:
            return None
        try:
            data = response.json()
        except ValueError as exc:
            raise WalletUnavailable from exc
        if not isinstance(data, dict):
            raise WalletUnavailable
        return data

    def _parsed(self, parse: Any, data: Any) -> Any:
        try:
            return parse(data)
        except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
            log.warning("wallet.bad_answer", extra={"error": str(exc)})
            raise WalletUnavailable from exc

    def customer(self, *, wallet_user_id: str = "", email: str = "") -> WalletCustomer | None:
        data = self._call(
            "customers/lookup",
            {"wallet_user_id": wallet_user_id} if wallet_user_id else {"email": email},
        )
        return None if data is None else self._parsed(_customer, data.get("customer"))

    def transactions(self, *, wallet_user_id: str, limit: int = 10) -> list[WalletTransaction]:
        data = self._call("transactions/recent", {"wallet_user_id": wallet_user_id, "limit": limit})
        rows = [] if data is None else data.get("transactions", [])
        return self._parsed(lambda items: [_transaction(item) for item in items], rows)

    def transaction(self, *, wallet_user_id: str, number: str) -> WalletTransaction | None:
        data = self._call("transactions/get", {"wallet_user_id": wallet_user_id, "number": number})
        return None if data is None else self._parsed(_transaction, data.get("transaction"))

    def _account_change(self, operation: str, wallet_user_id: str, reason: str) -> WalletCustomer:
        data = self._call(operation, {"wallet_user_id": wallet_user_id, "reason": reason})
        if data is None:
            raise WalletUnavailable
        return self._parsed(_customer, data.get("customer"))

    def freeze(self, *, wallet_user_id: str, reason: str) -> WalletCustomer:
        return self._account_change("accounts/freeze", wallet_user_id, reason)

    def unfreeze(self, *, wallet_user_id: str, reason: str) -> WalletCustomer:
        return self._account_change("accounts/unfreeze", wallet_user_id, reason)

    def close(self, *, wallet_user_id: str, reason: str) -> WalletCustomer:
        return self._account_change("accounts/close", wallet_user_id, reason)

    def send_code(self, *, wallet_user_id: str, code: str, channel: str, language: str) -> str:
        data = self._call(
            "codes/send",
            {
                "wallet_user_id": wallet_user_id,
                "code": code,
                "channel": channel,
                "language": language,
            },
        )
        if data is None:
            raise WalletUnavailable
        return self._parsed(lambda d: str(d["destination"]), data)
