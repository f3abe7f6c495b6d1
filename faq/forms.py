"""Forms of the public knowledge-base pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from faq.models import Vote


class FeedbackForm(forms.Form):
    """The "Was this helpful?" form, for visitors whose browser runs no JavaScript."""

    helpful = forms.TypedChoiceField(
        label=_("Was this helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything we should add or fix? (optional)"),
        required=False,
        max_length=Vote._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
