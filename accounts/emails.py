"""The account e-mails the help center writes itself (Django writes the password reset's),
in the customer's language: the one the site was in when they signed up."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from accounts import verification
from accounts.models import CustomerProfile, EmailVerification
from accounts.services import VERIFICATION_VALID_FOR
from core.mail import Email


def customer_language(user_id: int) -> str:
    """The language of ``user_id``'s e-mails: their profile's, else the site's default."""
    language = CustomerProfile.objects.filter(pk=user_id).values_list("language", flat=True)
    return language.first() or settings.LANGUAGE_CODE


def build_verification_email(pending: EmailVerification) -> EmailMultiAlternatives:
    """The confirmation link for ``pending.email``: plain text and HTML."""
    language = customer_language(pending.user_id)
    with translation.override(language):
        context = {
            "name": pending.user.get_short_name() or pending.email,
            "link": verification.link_for(pending, language=language),
            "hours": int(VERIFICATION_VALID_FOR.total_seconds() // 3600),
            "is_change": pending.purpose == EmailVerification.Purpose.CHANGE,
            "LANGUAGE_CODE": language,
        }
        subject = render_to_string("emails/accounts/verify_email.subject.txt", context)
        text = render_to_string("emails/accounts/verify_email.txt", context)
        html = render_to_string("emails/accounts/verify_email.html", context)
    message = Email(subject=subject, body=text, to=[pending.email])
    message.attach_alternative(html, "text/html")
    return message


def send_verification_email(*, verification_id: int) -> bool:
    """Send the link of a still pending confirmation; False when it was replaced or used
    before the worker got to it (a newer e-mail is on its way)."""
    pending = (
        EmailVerification.objects.select_related("user")
        .filter(pk=verification_id, status=EmailVerification.Status.PENDING)
        .first()
    )
    if pending is None:
        return False
    build_verification_email(pending).send()
    return True
