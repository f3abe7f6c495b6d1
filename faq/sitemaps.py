"""sitemap.xml: every public page in both languages, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from faq import selectors
from faq.models import Article, Category


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class HomeSitemap(_Bilingual):
    priority = 1.0

    def items(self) -> list[str]:
        return ["faq:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class CategorySitemap(_Bilingual):
    priority = 0.6

    def items(self):
        return selectors.category_list()

    def location(self, item: Category) -> str:
        return reverse("faq:category", kwargs={"slug": item.slug})


class ArticleSitemap(_Bilingual):
    priority = 0.8

    def items(self):
        return selectors.article_list_for_sitemap()

    def location(self, item: Article) -> str:
        return reverse("faq:article", kwargs={"slug": item.slug})

    def lastmod(self, item: Article):
        return item.updated_at


SITEMAPS = {"home": HomeSitemap, "categories": CategorySitemap, "articles": ArticleSitemap}
