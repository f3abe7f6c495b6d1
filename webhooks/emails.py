"""The e-mail to admins when a subscription is turned off, in each admin's language."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import ADMIN
from accounts.services import staff_language
from core.mail import Email
from webhooks import services
from webhooks.models import Subscription


def send_subscription_disabled(*, subscription_id: int) -> int:
    """E-mail every admin (superusers and the admin role) with an address; returns how many
    were sent (0 when the subscription is gone or was turned on again before the worker got
    to it)."""
    subscription = Subscription.objects.filter(pk=subscription_id, is_active=False).first()
    if subscription is None:
        services.notice_sent(subscription_id=subscription_id)
        return 0
    admins = (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=ADMIN), is_active=True)
        .exclude(email="")
        .distinct()
    )
    by_language: dict[str, list[str]] = defaultdict(list)
    for admin in admins:
        by_language[staff_language(admin)].append(admin.email)
    path = reverse("admin:webhooks_subscription_change", args=[subscription.pk])
    for language, addresses in by_language.items():
        with translation.override(language):
            context = {
                "subscription": subscription,
                "failing_since": timezone.localtime(subscription.failing_since)
                if subscription.failing_since
                else None,
                "admin_url": f"{settings.SITE_URL.rstrip('/')}{path}",
            }
            subject = render_to_string("emails/webhooks/disabled.subject.txt", context)
            body = render_to_string("emails/webhooks/disabled.txt", context)
        Email(subject=subject, body=body, to=addresses).send()
    services.notice_sent(subscription_id=subscription_id)
    return sum(len(a) for a in by_language.values())
