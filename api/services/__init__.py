"""Every write of the API app: keys (``keys``), signed wallet identities (``identity``) and
idempotent POSTs (``idempotency``). Tickets, chats and the knowledge base are written by their
own apps' services."""

from api.services.idempotency import (
    IdempotencyInProgress,
    IdempotencyMismatch,
    StoredResponse,
    idempotency_abandon,
    idempotency_answered,
    idempotency_begin,
    idempotency_finish,
    idempotency_key_taken,
    idempotency_sweep,
    idempotency_unsaved,
)
from api.services.identity import (
    IdentityRefused,
    WalletClaims,
    customer_for_token,
    customer_token,
    customer_token_lifetime,
    forget_wallet_customers,
    identity_exchange,
    identity_verify,
    wallet_customer_kept,
    wallet_customer_lookup,
)
from api.services.keys import (
    KEY_PREFIX,
    NewKey,
    api_key_authenticate,
    api_key_create,
    api_key_revoke,
    scopes_clean,
)
from api.services.staff import ticket_update_by_key

__all__ = [
    "KEY_PREFIX",
    "IdempotencyInProgress",
    "IdempotencyMismatch",
    "IdentityRefused",
    "NewKey",
    "StoredResponse",
    "WalletClaims",
    "api_key_authenticate",
    "api_key_create",
    "api_key_revoke",
    "customer_for_token",
    "customer_token",
    "customer_token_lifetime",
    "forget_wallet_customers",
    "idempotency_abandon",
    "idempotency_answered",
    "idempotency_begin",
    "idempotency_finish",
    "idempotency_key_taken",
    "idempotency_sweep",
    "idempotency_unsaved",
    "identity_exchange",
    "identity_verify",
    "scopes_clean",
    "ticket_update_by_key",
    "wallet_customer_kept",
    "wallet_customer_lookup",
]
