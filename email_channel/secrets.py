"""Mailbox passwords stored in the database, encrypted with a key derived from SECRET_KEY
(Fernet: AES-128-CBC with an HMAC). Changing SECRET_KEY makes them unreadable: enter them
again in admin, or prefer an environment variable (``Mailbox.password_env``)."""

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    digest = hashlib.sha256(f"email_channel.secrets:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode()


def decrypt(token: str) -> str:
    """The password, or "" when it was encrypted under another SECRET_KEY."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def mailbox_password(*, password_env: str, password_encrypted: str) -> str:
    """The environment variable wins; else the stored, encrypted password."""
    if password_env:
        return os.environ.get(password_env, "")
    return decrypt(password_encrypted) if password_encrypted else ""
