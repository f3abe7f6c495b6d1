"""Bilingual content: models keep one column per language, ``<field>_zh_hans`` and
``<field>_en``; ``localized`` picks the active language and falls back to the other one."""

from typing import Any

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("zh_hans", "en")


def language_suffix(language: str | None = None) -> str:
    """Map a Django language code to a field suffix: 'en…' → 'en', anything else → 'zh_hans'."""
    code = (language or get_language() or "zh-hans").lower()
    return "en" if code.startswith("en") else "zh_hans"


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """The value of ``field`` in ``language`` (default: active), or the other language's."""
    suffix = language_suffix(language)
    other = "en" if suffix == "zh_hans" else "zh_hans"
    return getattr(obj, f"{field}_{suffix}", "") or getattr(obj, f"{field}_{other}", "")
