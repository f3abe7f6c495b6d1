"""Request and response shapes of API v1 (they are the OpenAPI schema's components)."""
