"""Writes for the knowledge base. Every content change re-renders and re-indexes what it
touches inside its transaction and makes cached pages stale once it commits."""

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from faq import caching, search
from faq.models import Article, Category, Language, SearchEntry, SearchMiss, Vote
from faq.rendering import html_to_text, render_markdown

FLUSH_CHUNK = 1000


def _content_changed() -> None:
    transaction.on_commit(caching.bump_generation)


def _reindex(article: Article) -> None:
    """Search entries exist exactly for public articles (published, in an active category)."""
    if not (article.is_published and article.category.is_active):
        SearchEntry.objects.filter(article=article).delete()
        return
    for language in Language.values:
        title = getattr(article, f"title_{language}")
        keywords = getattr(article, f"keywords_{language}").replace(",", " ").replace("，", " ")
        text = html_to_text(getattr(article, f"body_html_{language}"))
        SearchEntry.objects.update_or_create(
            article=article,
            language=language,
            defaults={
                "title": title,
                "text": text,
                "index_title": search.index_text(title, language),
                "index_keywords": search.index_text(keywords, language),
                "index_body": search.index_text(text, language),
            },
        )


@transaction.atomic
def article_save(*, article: Article, author=None) -> Article:
    """Save ``article`` (new or changed): render both bodies to sanitised HTML, stamp the first
    publication, re-index it for search, and invalidate cached pages after commit."""
    for language in Language.values:
        setattr(
            article, f"body_html_{language}", render_markdown(getattr(article, f"body_{language}"))
        )
    if article.author_id is None and author is not None:
        article.author = author
    if article.is_published and article.published_at is None:
        article.published_at = timezone.now()
    article.full_clean(exclude=["author"])
    article.save()
    _reindex(article)
    _content_changed()
    return article


@transaction.atomic
def article_set_status(*, articles: QuerySet[Article], status: str) -> int:
    """Publish or unpublish ``articles``; returns how many changed."""
    changed = 0
    # A fresh queryset: the admin's carries annotations, and FOR UPDATE refuses GROUP BY.
    locked = Article.objects.filter(pk__in=list(articles.values_list("pk", flat=True)))
    for article in locked.select_related("category").select_for_update(of=("self",)):
        if article.status == status:
            continue
        article.status = status
        if status == Article.Status.PUBLISHED and article.published_at is None:
            article.published_at = timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
        _reindex(article)
        changed += 1
    if changed:
        _content_changed()
    return changed


@transaction.atomic
def article_delete(*, article: Article) -> None:
    """Delete ``article`` with its votes and search entries."""
    article.delete()
    _content_changed()


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Save ``category``; its articles enter or leave search with its ``is_active``."""
    category.full_clean()
    category.save()
    for article in category.articles.select_related("category"):
        _reindex(article)
    _content_changed()
    return category


@transaction.atomic
def category_delete(*, category: Category) -> None:
    """Delete an empty category (articles protect their category from deletion)."""
    category.delete()
    _content_changed()


@transaction.atomic
def vote_record(
    *, article: Article, visitor_key: str, helpful: bool, comment: str = "", language: str
) -> Vote:
    """Record ``visitor_key``'s answer for ``article``. A visitor has one vote per article:
    voting again changes it (and keeps an earlier comment unless a new one is given)."""
    defaults = {"helpful": helpful, "language": language}
    if comment:
        defaults["comment"] = comment[:1000]
    try:
        with transaction.atomic():
            vote, _ = Vote.objects.update_or_create(
                article=article, visitor_key=visitor_key, defaults=defaults
            )
    except IntegrityError:
        # Two first votes raced; the constraint kept one, so update that one.
        vote = Vote.objects.select_for_update().get(article=article, visitor_key=visitor_key)
        for field, value in defaults.items():
            setattr(vote, field, value)
        vote.save()
    return vote


@transaction.atomic
def search_miss_record(*, query: str, language: str) -> None:
    """Count a search that found nothing, for the admin's list of missing content."""
    query = search.normalize_query(query)
    if not query:
        return
    updated = SearchMiss.objects.filter(query=query, language=language).update(
        count=F("count") + 1, last_searched_at=timezone.now()
    )
    if not updated:
        try:
            with transaction.atomic():
                SearchMiss.objects.create(query=query, language=language)
        except IntegrityError:
            SearchMiss.objects.filter(query=query, language=language).update(
                count=F("count") + 1, last_searched_at=timezone.now()
            )


def view_counts_flush() -> int:
    """Move view counts from the cache into ``Article.view_count``; returns views flushed.

    Counts are taken from the cache before they are written, so a crash in between loses at
    most one batch of views rather than counting any twice."""
    flushed = 0
    ids = list(Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True))
    for start in range(0, len(ids), FLUSH_CHUNK):
        pending = caching.take_view_counts(ids[start : start + FLUSH_CHUNK])
        with transaction.atomic():
            for article_id, count in pending.items():
                Article.objects.filter(pk=article_id).update(view_count=F("view_count") + count)
        flushed += sum(pending.values())
    return flushed
