"""What the security desk exchanges with the apps above it (tickets, chat), which it must not
import. Conversations are named by (kind, id): kind "ticket" (the ticket's pk) or "chat" (the
conversation's pk).

- ``conversation_lookup``: asked, not announced. kwargs ``kind``, ``conversation_id``, ``user``
  (the agent asking, or None for the system). The app owning ``kind`` answers a
  ``wallet.conversations.ConversationRef`` when the conversation exists and ``user`` may work
  on it (its own access function), else None.
- ``customer_notify``: tell the conversation's customer something, in their language. kwargs
  ``ref``, ``text`` (an English msgid marked with gettext_noop), ``params``, ``by`` (the agent
  acting, or None). Tickets write a public reply (e-mailed as usual), chat a system line.
"""

from django.dispatch import Signal

conversation_lookup = Signal()
customer_notify = Signal()
