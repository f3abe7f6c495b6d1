"""Routes outside the language prefix (APIs, sitemap)."""

urlpatterns: list = []
