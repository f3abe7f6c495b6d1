"""Card numbers are not kept: ``mask_card_numbers`` runs inside the one writer of each kind of
customer text (ticket messages, chat messages) before it is stored.

A card number is 13 to 19 digits, written together or in groups separated by single spaces or
dashes, that passes the Luhn check. It becomes ``**** 1234`` (its last four digits). Digits
that fail the check (phone numbers, transaction numbers, amounts) are left alone.
"""

import re

from django.utils.translation import gettext_noop

# What the customer is told (in their language) when a card number was hidden.
CARD_NUMBER_NOTE = gettext_noop(
    "For your safety we hid the card number in your message; only its last 4 digits are kept. "
    "Never share a full card number, PIN or verification code."
)

_RUN = re.compile(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])")
_SEPARATOR = re.compile(r"[ -]")
MIN_DIGITS, MAX_DIGITS = 13, 19


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _masked(digits: str) -> str:
    return f"**** {digits[-4:]}"


def _mask_run(run: str) -> tuple[str, bool]:
    """Mask the card numbers in one run of digit groups: the longest stretches of whole groups
    (13-19 digits, Luhn-valid) from left to right; other groups stay as written."""
    groups = _SEPARATOR.split(run)
    separators = _SEPARATOR.findall(run)
    out: list[str] = []
    found = False
    start = 0
    while start < len(groups):
        match_end = None
        digits = ""
        for end in range(start, len(groups)):
            digits += groups[end]
            if len(digits) > MAX_DIGITS:
                break
            if len(digits) >= MIN_DIGITS and luhn_valid(digits):
                match_end = end
        if match_end is None:
            out.append(groups[start])
            if start < len(separators):
                out.append(separators[start])
            start += 1
            continue
        found = True
        out.append(_masked("".join(groups[start : match_end + 1])))
        if match_end < len(separators):
            out.append(separators[match_end])
        start = match_end + 1
    return "".join(out), found


def mask_card_numbers(text: str) -> tuple[str, bool]:
    """``text`` with every card number masked to its last four digits, and whether any was."""
    found = False

    def replace(match: re.Match[str]) -> str:
        nonlocal found
        masked, any_here = _mask_run(match.group(0))
        found = found or any_here
        return masked

    return _RUN.sub(replace, text), found
