from celery import shared_task

from accounts import emails


@shared_task(name="accounts.send_email_verification", autoretry_for=(OSError,), max_retries=5)
def send_email_verification(verification_id: int) -> bool:
    """E-mail the confirmation link of ``verification_id`` if it is still pending."""
    return emails.send_verification_email(verification_id=verification_id)
