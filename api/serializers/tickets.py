"""Requests (tickets): the customer's and the staff's views."""

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import serializers

from tickets.forms import transaction_number_validator
from tickets.models import Ticket


class UploadList(serializers.ListField):
    child = serializers.FileField()


class TicketCreateIn(serializers.Serializer):
    """As the request form asks (name and e-mail are the customer's own)."""

    topic = serializers.IntegerField(help_text="A topic id from GET /api/v1/topics.")
    subject = serializers.CharField(min_length=4, max_length=200)
    description = serializers.CharField(min_length=10, max_length=10000)
    transaction_number = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        validators=[transaction_number_validator],
    )
    error_message = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    attachments = UploadList(
        required=False,
        default=list,
        max_length=5,
        help_text="Images or PDF, 10 MB each, at most 5 (multipart/form-data).",
    )
    details = serializers.DictField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        required=False,
        default=dict,
        help_text=(
            "Answers to the topic's own questions (GET /api/v1/topics lists them): question key"
            " → text; required questions must be answered, unknown keys are refused. In"
            " multipart/form-data send them as details.<key>."
        ),
    )


class ReplyIn(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
    attachments = UploadList(required=False, default=list, max_length=5)


class RatingIn(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class TopicRef(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class AttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField(help_text="Download with the same credentials.")


class MessageOut(serializers.Serializer):
    id = serializers.IntegerField()
    author_kind = serializers.ChoiceField(choices=["customer", "agent", "system"])
    author_name = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True)
    internal = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    attachments = AttachmentOut(many=True)


class RatingOut(serializers.Serializer):
    score = serializers.IntegerField()
    comment = serializers.CharField(allow_blank=True)


class TicketSummary(serializers.Serializer):
    reference = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Ticket.Status.choices)
    topic = TopicRef()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class TicketOut(TicketSummary):
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices)
    transaction_number = serializers.CharField(allow_blank=True)
    error_message = serializers.CharField(allow_blank=True)
    source = serializers.ChoiceField(choices=Ticket.Source.choices)
    details = serializers.DictField(
        child=serializers.CharField(), help_text="The answers to the topic's questions."
    )
    solved_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    rating = RatingOut(allow_null=True)
    messages = MessageOut(many=True)


class AssigneeOut(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(allow_blank=True)


class StaffTicketSummary(TicketSummary):
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices)
    customer_email = serializers.EmailField()
    customer_name = serializers.CharField(allow_blank=True)
    wallet_user = serializers.BooleanField(help_text="Opened by a signed-in wallet user.")
    assignee = AssigneeOut(allow_null=True)


class StaffTicketOut(TicketOut):
    customer_email = serializers.EmailField()
    customer_name = serializers.CharField(allow_blank=True)
    wallet_user = serializers.BooleanField()
    assignee = AssigneeOut(allow_null=True)


class StaffTicketQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text="A reference, an e-mail, a transaction number, or words of the subject, the "
        "customer's name or the thread.",
    )
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, required=False)
    topic = serializers.IntegerField(required=False, min_value=1)
    assignee = serializers.CharField(
        required=False, max_length=20, help_text="An agent's user id, or none (unassigned)."
    )


class CustomerTicketQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)


class StaffTicketUpdate(serializers.Serializer):
    status = serializers.ChoiceField(choices=Ticket.Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, required=False)
    assignee = serializers.IntegerField(
        required=False, allow_null=True, help_text="An agent's user id; null unassigns."
    )


# --- The common create, validated without the serializer's machinery -------------------------
_TEXT = {
    # field: (min_length, max_length), as TicketCreateIn declares them
    "subject": (4, 200),
    "description": (10, 10000),
    "error_message": (0, 500),
}
_MAX_TOPIC = 2**63


def _plain_text(value: object, low: int, high: int) -> str | None:
    """What TicketCreateIn's CharField gives for a non-blank JSON string ``value``, or None
    where it might say anything else (an error, or a blank)."""
    if type(value) is not str or "\x00" in value:
        return None
    text = value.strip()
    if not low <= len(text) <= high or not text:
        return None
    try:
        text.encode("utf-8")  # surrogates (ProhibitSurrogateCharactersValidator) cannot
    except UnicodeEncodeError:
        return None
    return text


def ticket_create_in_fast(data: object) -> dict[str, Any] | None:
    """``TicketCreateIn(data=data).validated_data`` for the common JSON create (a plain dict:
    an integer topic, non-blank texts within their lengths, a valid transaction number,
    answers as short texts, no files), without building the serializer's fields (a deep copy
    of seven fields per request was a tenth of the API create's CPU). None for anything else
    (multipart, other types, blanks, anything that might be an error): the serializer decides
    those, so every error is the serializer's own. ``tests/api/test_create_fast_paths.py``
    holds the two equal."""
    if type(data) is not dict or "attachments" in data:
        return None
    topic = data.get("topic")
    if type(topic) is not int or not -_MAX_TOPIC < topic < _MAX_TOPIC:
        return None
    out: dict[str, Any] = {"topic": topic}
    for name in ("subject", "description"):
        text = _plain_text(data.get(name), *_TEXT[name])
        if text is None:
            return None
        out[name] = text
    if "transaction_number" in data:
        number = _plain_text(data["transaction_number"], 0, 64)
        if number is None:
            return None
        try:
            transaction_number_validator(number)
        except ValidationError:
            return None
        out["transaction_number"] = number
    if "error_message" in data:
        text = _plain_text(data["error_message"], *_TEXT["error_message"])
        if text is None:
            return None
        out["error_message"] = text
    else:
        out["error_message"] = ""
    out["attachments"] = []
    details = data.get("details", {})
    if type(details) is not dict:
        return None
    answers = {}
    for key, value in details.items():
        text = _plain_text(value, 1, 200)
        if text is None:
            return None
        answers[key] = text
    out["details"] = answers
    return out


def ticket_create_valid(data: object) -> dict[str, Any]:
    """The validated body of ``POST /tickets`` (TicketCreateIn): the fast path when it applies,
    else the serializer (raising its ValidationError)."""
    fast = ticket_create_in_fast(data)
    if fast is not None:
        return fast
    serializer = TicketCreateIn(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
