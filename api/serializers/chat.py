"""Live chat: starting a conversation and reading it (the shapes of docs/chat-protocol.md)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from chat import protocol


class ConversationStartIn(serializers.Serializer):
    topic = serializers.IntegerField(required=False, allow_null=True, default=None)
    message = serializers.CharField(max_length=protocol.MAX_BODY_CHARS)
    client_id = serializers.RegexField(
        protocol.CLIENT_ID_RE,
        required=False,
        help_text="The app's id of the first message (a retried send is stored once).",
    )
    language = serializers.ChoiceField(choices=["zh-hans", "en"], required=False)


class Ref(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)


class ChatTopicRef(Ref):
    slug = serializers.CharField()


class ChatRating(serializers.Serializer):
    score = serializers.IntegerField()
    comment = serializers.CharField(allow_blank=True)


class ConversationOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["waiting", "active", "closed"])
    topic = ChatTopicRef(allow_null=True)
    customer_name = serializers.CharField(allow_blank=True)
    language = serializers.CharField()
    agent = Ref(allow_null=True)
    last_seq = serializers.IntegerField()
    customer_read_seq = serializers.IntegerField()
    agent_read_seq = serializers.IntegerField()
    created_at = serializers.CharField()
    queued_at = serializers.CharField(allow_null=True)
    assigned_at = serializers.CharField(allow_null=True)
    closed_at = serializers.CharField(allow_null=True)
    rating = ChatRating(allow_null=True)
    ticket_reference = serializers.CharField(allow_blank=True, allow_null=True)


class Sender(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField(allow_blank=True)


class ChatAttachment(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField()


class ChatMessage(serializers.Serializer):
    id = serializers.IntegerField()
    seq = serializers.IntegerField()
    client_id = serializers.CharField(allow_blank=True)
    sender = Sender()
    body = serializers.CharField(allow_blank=True)
    attachments = ChatAttachment(many=True)
    created_at = serializers.CharField()


class ConversationStarted(serializers.Serializer):
    conversation = ConversationOut()
    token = serializers.CharField(
        help_text="Send it in the socket's first frame ({type: auth, token}), never in a URL."
    )
    ws_url = serializers.CharField(help_text="The socket's path on this host (ws: or wss:).")


class ConversationHistory(serializers.Serializer):
    conversation = ConversationOut()
    messages = ChatMessage(many=True)


class ConversationList(serializers.Serializer):
    conversations = ConversationOut(many=True)


UNKNOWN_TOPIC = _("Choose one of the topics.")
NO_AGENT = _(
    "No agent is available right now. Leave a request instead (POST /api/v1/tickets): we answer "
    "it by e-mail."
)
