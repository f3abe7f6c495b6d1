"""The answers to a topic's own questions (``TopicField``): which fields a topic asks and the
one check of the answers, used by the request form (errors next to each field), by
``ticket_create`` (every caller, the API included) and by tests directly.

Per kind, what is accepted and what is stored (always a string):
- text: up to ``TEXT_MAX`` characters, trimmed;
- amount: a positive number with at most 2 decimal places (``128.5``, ``1,280.50``, ``¥128``),
  stored as ``128.50``;
- date: ``YYYY-MM-DD`` (``/`` or ``.`` also accepted), not after today, stored as ISO;
- choice: one of the field's option keys;
- card_last4: exactly 4 digits (spaces ignored);
- transaction: the wallet's transaction number, ``TXN-`` + the 8-digit date + ``-`` + 4 to 10
  digits, as shown in the app's history (``TXN-20261121-0042``); case and spaces ignored,
  stored in capitals.
Empty optional answers are left out; a key the topic does not ask is refused.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from core.memo import ProcessMemo
from core.models import Topic
from core.person_pages import forget_copies
from tickets.models import TopicField

Kind = TopicField.Kind

TEXT_MAX = 200
AMOUNT_MAX = Decimal("999999999.99")
TRANSACTION_PATTERN = re.compile(r"^TXN-\d{8}-\d{4,10}$")
_AMOUNT_PATTERN = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


def _load() -> dict[int, tuple[TopicField, ...]]:
    fields: dict[int, list[TopicField]] = {}
    for field in TopicField.objects.all():
        fields.setdefault(field.topic_id, []).append(field)
    return {topic_id: tuple(topic_fields) for topic_id, topic_fields in fields.items()}


# Read by every request form and new ticket, edited by admins a few times a year: each process
# keeps a copy (core.memo), dropped when one changes, like the topics themselves.
_fields = ProcessMemo(_load)


@receiver([post_save, post_delete], sender=TopicField)
def forget(**kwargs: object) -> None:
    # The request form's rendered copies show the fields: they go too (core.person_pages).
    for forget_now in (_fields.clear, forget_copies):
        forget_now()  # this transaction's own later reads
        transaction.on_commit(forget_now)


def topic_fields_of(topic_id: int) -> tuple[TopicField, ...]:
    """The topic's fields in form order (no query while the process's copy is fresh)."""
    return _fields.get().get(topic_id, ())


def topic_fields_all() -> list[TopicField]:
    """Every topic's fields (labels for answers given under a ticket's earlier topic)."""
    return [field for fields in _fields.get().values() for field in fields]


def _amount(value: str) -> str:
    text = value.replace(" ", "").lstrip("¥￥$")
    if not _AMOUNT_PATTERN.match(text):
        raise ValidationError(_("Enter an amount in digits, e.g. 128.50."), code="amount")
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(_("Enter an amount in digits, e.g. 128.50."), code="amount") from None
    if amount <= 0 or amount > AMOUNT_MAX:
        raise ValidationError(_("Enter an amount greater than 0."), code="amount_range")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("An amount has at most 2 decimal places."), code="amount_places")
    return f"{amount:.2f}"


def _date(value: str) -> str:
    try:
        day = parse_date(re.sub(r"[/.]", "-", value))
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="date")
    if day > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="date_future")
    return day.isoformat()


def _card_last4(value: str) -> str:
    digits = value.replace(" ", "")
    if not re.fullmatch(r"\d{4}", digits, flags=re.ASCII):
        raise ValidationError(_("Enter exactly the last 4 digits of the card."), code="last4")
    return digits


def _transaction(value: str) -> str:
    number = value.replace(" ", "").upper()
    if not TRANSACTION_PATTERN.fullmatch(number):
        raise ValidationError(
            _("A transaction number looks like TXN-20261121-0042, as shown in your history."),
            code="transaction",
        )
    return number


def _text(value: str) -> str:
    if len(value) > TEXT_MAX:
        raise ValidationError(
            _("Keep this under %(count)d characters.") % {"count": TEXT_MAX}, code="too_long"
        )
    return value


def _choice(field: TopicField, value: str) -> str:
    if value not in {key for key, _zh, _en in field.choice_list}:
        raise ValidationError(_("Choose one of the options."), code="choice")
    return value


def clean_value(field: TopicField, raw: object) -> str:
    """One answer checked and normalised; "" for an empty optional one. Raises
    ValidationError with a translated message."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str) or "\x00" in raw:
        raise ValidationError(_("Enter text."), code="invalid")
    value = raw.strip()
    if not value:
        if field.required:
            raise ValidationError(_("This field is required."), code="required")
        return ""
    if field.kind == Kind.CHOICE:
        return _choice(field, value)
    check = {
        Kind.AMOUNT: _amount,
        Kind.DATE: _date,
        Kind.CARD_LAST4: _card_last4,
        Kind.TRANSACTION: _transaction,
    }.get(field.kind, _text)
    return check(value)


def details_clean(*, topic: Topic, values: dict[str, object]) -> dict[str, str]:
    """The answers to ``topic``'s fields, checked and normalised (key → string, empty optional
    answers left out). Raises ValidationError with a message per key for every refused
    answer, a missing required one and any key the topic does not ask."""
    fields = topic_fields_of(topic.pk)
    errors: dict[str, list[ValidationError]] = {}
    known = {field.key for field in fields}
    for key in values:
        if key not in known:
            errors[str(key)] = [
                ValidationError(
                    _("This topic has no field “%(key)s”.") % {"key": key}, code="unknown"
                )
            ]
    details = {}
    for field in fields:
        try:
            value = clean_value(field, values.get(field.key))
        except ValidationError as exc:
            errors[field.key] = [exc]
        else:
            if value:
                details[field.key] = value
    if errors:
        raise ValidationError(errors)
    return details
