"""What tickets announces to the apps above it, which it must not import (the event log in
``insights`` listens)."""

from django.dispatch import Signal

# A customer sent the request form and the request was created. kwargs: request, ticket. Sent
# by the form's view, so ``request`` tells who the visitor is.
request_submitted = Signal()
