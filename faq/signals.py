"""What the knowledge base announces to the apps above it, which it must not import (the event
log in ``insights`` listens)."""

from django.dispatch import Signal

# A visitor was offered articles, or looked and found none. Sent by the suggestions API (a
# typed query, or a topic's top articles when the query is empty) and by the search page.
# kwargs: request, query (as typed, "" for a topic's list), language (content language),
# article_ids (what was shown, best first; empty when nothing was found), where ("api" or
# "page").
searched = Signal()
