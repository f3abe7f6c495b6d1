"""Celery tasks: thin wrappers that take ids and call webhooks.services or webhooks.emails."""

from celery import shared_task

from webhooks import emails, services


@shared_task(name="webhooks.delivery_send_many")
def delivery_send_many(delivery_ids: list[int]) -> int:
    """Send the due deliveries among ``delivery_ids`` (each under its lease)."""
    return services.deliveries_send(delivery_ids=delivery_ids)


@shared_task(name="webhooks.sweep")
def sweep() -> int:
    """Beat: due retries, lost tasks, disabling after a day of failures, the 7-day purge."""
    return len(services.deliveries_sweep())


@shared_task(name="webhooks.subscription_disabled_mail", autoretry_for=(OSError,), max_retries=5)
def subscription_disabled_mail(subscription_id: int) -> int:
    """E-mail the admins that a subscription was turned off."""
    return emails.send_subscription_disabled(subscription_id=subscription_id)
