"""Validation of the chat's API bodies (the pre-chat form, leave a message, rating, files...)."""

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from chat import protocol
from core.forms import AttachmentsField
from core.models import Topic
from core.uploads import CleanUpload


class TopicField(forms.CharField):
    """An active category given by slug or id; empty means no topic."""

    def clean(self, value: Any) -> Topic | None:
        value = super().clean(value)
        if value in ("", None):
            return None
        lookup = {"pk": int(value)} if str(value).isdigit() else {"slug": value}
        category = Topic.objects.filter(is_active=True, **lookup).first()
        if category is None:
            raise forms.ValidationError(_("Choose a topic from the list."))
        return category


class LanguageField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[("zh-hans", "zh-hans"), ("en", "en")], required=False, **kwargs)


class StartConversationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    email = forms.EmailField(label=_("E-mail"), required=False)
    topic = TopicField(label=_("Topic"), required=False)
    message = forms.CharField(label=_("Message"), max_length=protocol.MAX_BODY_CHARS)
    client_id = forms.CharField(required=False, validators=[RegexValidator(protocol.CLIENT_ID_RE)])
    page_url = forms.CharField(required=False, max_length=500)
    language = LanguageField()


class LeaveMessageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    email = forms.EmailField(label=_("E-mail"))
    topic = TopicField(label=_("Topic"), required=False)
    message = forms.CharField(label=_("Message"), max_length=protocol.MAX_BODY_CHARS)
    transaction_number = forms.CharField(
        label=_("Transaction number"), required=False, max_length=64
    )
    language = LanguageField()


class RatingForm(forms.Form):
    score = forms.IntegerField(label=_("Rating"), min_value=1, max_value=5)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class TranscriptForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), required=False)


class TransferForm(forms.Form):
    to_agent = forms.IntegerField(min_value=1)
    note = forms.CharField(required=False, max_length=2000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(s, s) for s in protocol.AGENT_STATUSES])


class MessageFilesForm(forms.Form):
    """A message with files (multipart): 1 to 5 files checked from their bytes by
    core.uploads, an optional text and the client id that makes a resend safe."""

    client_id = forms.CharField(validators=[RegexValidator(protocol.CLIENT_ID_RE)])
    body = forms.CharField(required=False, max_length=protocol.MAX_BODY_CHARS)
    files = AttachmentsField()
    language = LanguageField()

    def clean_files(self) -> list[CleanUpload]:
        files = self.cleaned_data["files"]
        if not files:
            raise forms.ValidationError(_("Choose a file to send."), code="no_files")
        return files
