"""What accounts exchanges with the apps above it, which it must not import (README,
Architecture): tickets and chat listen and answer."""

from django.dispatch import Signal

# A customer proved they own ``email`` (confirmation link or password reset); kwargs: user,
# email. Receivers bring the guest requests and chats sent with that address to the account,
# in the same transaction.
email_confirmed = Signal()

# Asked, not announced: which staff are at work right now. Each receiver returns user ids (chat
# answers with the agents online in the console); the SLA sweep sends reminders for unassigned
# requests to them.
staff_on_duty = Signal()


def staff_on_duty_ids() -> set[int]:
    """The ids every receiver of ``staff_on_duty`` reports (empty when nobody answers)."""
    return {pk for _receiver, ids in staff_on_duty.send(sender=None) for pk in ids or ()}
