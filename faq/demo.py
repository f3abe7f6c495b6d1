"""Demo knowledge base for ``manage.py seed_demo``: the ten topics and their bilingual articles.
Idempotent: rows are matched by slug and brought back to the demo text."""

from faq import services
from faq.demo_content import ARTICLES, CATEGORIES
from faq.models import Article, Category


def load() -> None:
    for position, (slug, icon, zh, en, desc_zh, desc_en) in enumerate(CATEGORIES):
        category = Category.objects.filter(slug=slug).first() or Category(slug=slug)
        category.icon, category.position, category.is_active = icon, position, True
        category.name_zh_hans, category.name_en = zh, en
        category.description_zh_hans, category.description_en = desc_zh, desc_en
        services.category_save(category=category)
        for index, row in enumerate(ARTICLES[slug]):
            article_slug, title_zh, title_en, kw_zh, kw_en, body_zh, body_en = row
            article = Article.objects.filter(slug=article_slug).first() or Article(
                slug=article_slug
            )
            article.category, article.position = category, index
            article.title_zh_hans, article.title_en = title_zh, title_en
            article.keywords_zh_hans, article.keywords_en = kw_zh, kw_en
            article.body_zh_hans, article.body_en = body_zh, body_en
            article.status = Article.Status.PUBLISHED
            services.article_save(article=article)
