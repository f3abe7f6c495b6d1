"""The chat's JSON endpoints under /api/chat/: ``customers``, ``files`` and ``agents``, on
what ``common`` shares."""
