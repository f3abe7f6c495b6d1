"""What accounts tell the apps above them, which accounts must not import (README,
Architecture): tickets and chat listen."""

from django.dispatch import Signal

# A customer proved they own ``email`` (confirmation link or password reset); kwargs: user,
# email. Receivers bring the guest requests and chats sent with that address to the account,
# in the same transaction.
email_confirmed = Signal()
