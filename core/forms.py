"""Form fields shared by the apps that take uploads (requests and chat)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import uploads


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``uploads.MAX_FILES`` files, each checked from its bytes; cleans to a list of
    ``uploads.CleanUpload``. Every refused file is named in the errors."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": uploads.ACCEPT, "multiple": True})

    def clean(self, data: Any, initial: Any = None) -> list[uploads.CleanUpload]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > uploads.MAX_FILES:
            raise ValidationError(
                _("Attach at most %(count)d files.") % {"count": uploads.MAX_FILES},
                code="too_many_files",
            )
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(uploads.clean_upload(upload))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned
