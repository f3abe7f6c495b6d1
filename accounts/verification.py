"""The confirmation link's token: the ``EmailVerification`` row's id and secret key, signed.
Whether it may still be used (once, within 24 hours) is the row's business
(``services.email_verification_confirm``); the signature only keeps guessed ids out. The task
that e-mails the link builds it from the row's id, so no secret travels through the broker.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from accounts.models import EmailVerification

_SIGNER = signing.Signer(salt="accounts.email-verification", algorithm="sha256")


def token_for(pending: EmailVerification) -> str:
    return _SIGNER.sign(f"{pending.pk}.{pending.key}")


def unpack(token: str) -> tuple[int, str] | None:
    """``(row id, key)`` from a genuine token, None from anything else."""
    try:
        pk, key = _SIGNER.unsign(token).split(".", 1)
        return int(pk), key
    except (signing.BadSignature, ValueError):
        return None


def link_for(pending: EmailVerification, *, language: str) -> str:
    """The absolute confirmation link, on the pages of ``language``."""
    with translation.override(language):
        path = reverse("accounts:email-confirm", kwargs={"token": token_for(pending)})
    return f"{settings.SITE_URL.rstrip('/')}{path}"
