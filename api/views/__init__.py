"""API v1 views: thin (parse, authorize, call one service or selector, present)."""
