"""Requests (tickets): the customer's and the staff's views."""

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
