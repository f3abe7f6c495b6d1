"""Reads for the knowledge base. Only published articles in active categories are public."""

import html
import re
from dataclasses import asdict, dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from core.i18n import language_suffix
from faq import caching, search
from faq.models import Article, Category, Language, SearchEntry
from faq.rendering import truncate

SNIPPET_CHARS = 160


def language_code(language: str) -> str:
    """The URL language code for a content language: 'zh_hans' → 'zh-hans'."""
    return language.replace("_", "-")


def public_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED, category__is_active=True)


def category_list() -> QuerySet[Category]:
    """Active categories in order, each with ``article_count`` (its public articles)."""
    return Category.objects.filter(is_active=True).annotate(
        article_count=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
    )


def category_get_active(*, slug: str) -> Category:
    """The active category ``slug``, or 404."""
    try:
        return Category.objects.get(slug=slug, is_active=True)
    except Category.DoesNotExist as exc:
        raise Http404 from exc


def category_articles(*, category: Category) -> QuerySet[Article]:
    return public_articles().filter(category=category).order_by("position", "id")


def article_get_published(*, slug: str) -> Article:
    """The public article ``slug`` with its category, or 404 (drafts are not public)."""
    try:
        return public_articles().select_related("category").get(slug=slug)
    except Article.DoesNotExist as exc:
        raise Http404 from exc


def article_get_published_by_id(*, article_id: int) -> Article:
    """The public article ``article_id``, or 404."""
    try:
        return public_articles().get(pk=article_id)
    except Article.DoesNotExist as exc:
        raise Http404 from exc


def article_list_most_viewed(*, limit: int = 6) -> QuerySet[Article]:
    return public_articles().select_related("category").order_by("-view_count", "id")[:limit]


def article_list_top(*, topic: str, limit: int = 5) -> list[Article]:
    """The most viewed public articles of the active category ``topic`` (a slug); the site's
    most viewed when the topic is unknown or has none."""
    articles = list(
        public_articles()
        .filter(category__slug=topic)
        .select_related("category")
        .order_by("-view_count", "position", "id")[:limit]
    )
    return articles or list(article_list_most_viewed(limit=limit))


def article_list_related(*, article: Article, limit: int = 5) -> QuerySet[Article]:
    """Other public articles of the same category, in the category's order."""
    return category_articles(category=article.category).exclude(pk=article.pk)[:limit]


def article_list_for_sitemap() -> QuerySet[Article]:
    return public_articles().only("slug", "updated_at").order_by("id")


def article_url(article: Article, language: str) -> str:
    """The absolute path of ``article``'s page in ``language`` (a content language)."""
    with translation.override(language_code(language)):
        return reverse("faq:article", kwargs={"slug": article.slug})


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    title: str
    url: str
    category: str
    snippet: str  # plain text
    snippet_html: str  # escaped text with <mark> around matched words

    def as_suggestion(self) -> dict[str, str]:
        return {
            k: v for k, v in asdict(self).items() if k in ("title", "url", "snippet", "category")
        }

    @property
    def highlighted(self) -> SafeString:
        return mark_safe(self.snippet_html)  # noqa: S308 - built from escaped text in _snippet


@dataclass(frozen=True)
class SearchResults:
    """The hits, and the query with its typos corrected when the corrections found some of
    them (empty otherwise): the search page says "Showing results for …"."""

    hits: list[SearchHit]
    corrected: str = ""


def article_search(*, query: str, language: str | None = None, limit: int = 10) -> list[SearchHit]:
    """Public articles matching ``query`` in ``language`` (default: active), best first."""
    return article_search_results(query=query, language=language, limit=limit).hits


def article_search_results(
    *, query: str, language: str | None = None, limit: int = 10, exact: bool = False
) -> SearchResults:
    """Public articles matching ``query`` in ``language`` (default: active), best first, with
    typos corrected unless ``exact``.

    Results are cached per content generation, so an edit shows up in the next search."""
    suffix = language_suffix(language)
    query = search.normalize_query(query)
    if len(query) < search.MIN_QUERY_CHARS:
        return SearchResults([])
    key = caching.search_key(suffix, query, limit, exact=exact)
    generation, results = caching.search_get(key)
    if results is None:
        results = _search_uncached(query, suffix, limit, exact=exact)
        caching.search_set(key, generation, results)
    return results


def _search_uncached(query: str, language: str, limit: int, *, exact: bool) -> SearchResults:
    found = search.search_articles(query, language, limit, correct=not exact)
    ids = found.ids
    if not ids:
        return SearchResults([])
    # One query, no model instances (a search is answered many times more often than an
    # article is edited): each found article's entry in this language, whose text makes the
    # snippet, with what the hit shows. Titles and category names exist in both languages.
    other = Language.EN if language == Language.ZH_HANS else Language.ZH_HANS
    rows = {
        row[0]: row[1:]
        for row in SearchEntry.objects.filter(
            article_id__in=ids,
            language=language,
            article__status=Article.Status.PUBLISHED,
            article__category__is_active=True,
        ).values_list(
            "article_id",
            "article__slug",
            f"article__title_{language}",
            f"article__category__name_{language}",
            "text",
            f"article__summary_{language}",
            f"article__summary_{other}",
        )
    }
    # The query's words, plus the corrections of its typos: "pasword" highlights "password".
    terms = found.words
    hits = []
    with translation.override(language_code(language)):
        for article_id in ids:
            if article_id not in rows:
                continue
            slug, title, category, *texts = rows[article_id]
            plain, marked = _snippet(next((t for t in texts if t), ""), terms)
            hits.append(
                SearchHit(
                    article_id=article_id,
                    title=title,
                    url=reverse("faq:article", kwargs={"slug": slug}),
                    category=category,
                    snippet=plain,
                    snippet_html=marked,
                )
            )
    return SearchResults(hits, found.corrected if hits else "")


def _snippet(text: str, terms: list[str]) -> tuple[str, str]:
    """A window of ``text`` around the first matched term, plain and with <mark> highlights."""
    lowered = text.lower()
    positions = [p for p in (lowered.find(t) for t in terms) if p >= 0]
    start = max(0, min(positions) - 40) if positions else 0
    window = text[start : start + SNIPPET_CHARS]
    plain = ("…" if start else "") + truncate(window, SNIPPET_CHARS) if window else ""
    if len(text) > start + SNIPPET_CHARS and not plain.endswith("…"):
        plain += "…"
    if not terms:
        return plain, html.escape(plain)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    marked, last = [], 0
    for match in pattern.finditer(plain):
        marked.append(html.escape(plain[last : match.start()]))
        marked.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    marked.append(html.escape(plain[last:]))
    return plain, "".join(marked)
