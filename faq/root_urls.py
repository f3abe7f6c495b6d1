"""Routes outside the language prefix: the JSON API and the sitemap."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from faq import api
from faq.sitemaps import SITEMAPS

urlpatterns = [
    path("api/faq/suggest", api.suggest, name="faq-suggest"),
    path("api/faq/articles/<int:article_id>", api.article, name="faq-article"),
    path("api/faq/articles/<int:article_id>/vote", api.vote, name="faq-vote"),
    path("api/faq/csrf", api.csrf, name="faq-csrf"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
