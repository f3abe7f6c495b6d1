"""The placeholders erasure and retention leave behind, and the replacement of a customer's
identifiers inside text and JSON written by others (agents' replies, webhook payloads)."""

import re
from typing import Any

# Stored, not translated: the rows stay readable in every language and in exports.
PLACEHOLDER = "[erased]"
EMAIL_DOMAIN = "erased.invalid"  # RFC 2606: never delivered anywhere


def placeholder_email(token: str) -> str:
    return f"erased-{token}@{EMAIL_DOMAIN}"


def redact_text(text: str, pattern: re.Pattern | None) -> str:
    if not text or pattern is None:
        return text
    return pattern.sub(PLACEHOLDER, text)


def redact_json(value: Any, pattern: re.Pattern | None) -> Any:
    """``value`` with every string holding an identifier replaced, keys and shape kept."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return redact_text(value, pattern)
    if isinstance(value, list):
        return [redact_json(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: redact_json(v, pattern) for k, v in value.items()}
    return value
